import { unreachableProviderMessage } from '@lifeosai/events';
import type { RunFailure, WatchdogTrip } from '@lifeosai/harness-kit';
import type { RunLimits } from '@lifeosai/harness-spec';
import { classifyAcpFailure } from './classify-error.ts';

/** Thrown when the agent cannot do what the run asks (resume without `session/load` or resume). */
export class AgentCannotError extends Error {}

/** What a failure report may add: where the model calls went, and the agent's stderr. */
export interface FailureContext {
  /** The provider's base URL, named when it could not be reached. */
  readonly baseUrl: string | undefined;
  /** The redacted end of the agent's stderr. */
  readonly stderrTail: string | undefined;
}

/** A failed ACP request (or any throw of the conversation) as the run's failure. */
export function runFailureOf(error: unknown, context: FailureContext): RunFailure {
  if (error instanceof AgentCannotError) return { errorClass: 'invalid_request', message: error.message };
  const failure = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    data?: unknown;
  };
  const message = typeof failure.message === 'string' ? failure.message : describeError(error);
  const errorClass = classifyAcpFailure({
    ...(typeof failure.code === 'number' ? { code: failure.code } : {}),
    message,
    data: failure.data,
  });
  const text =
    errorClass === 'provider_unreachable' ? unreachableProviderMessage(message, context.baseUrl) : message;
  return { errorClass, message: `The agent failed: ${text}`, ...withTail(context.stderrTail) };
}

/** The failure of a tripped watchdog. */
export function tripFailure(trip: WatchdogTrip, limits: RunLimits): RunFailure {
  return trip === 'timeout'
    ? { errorClass: 'timeout', message: `The run exceeded its time limit of ${limits.runTimeoutMs} ms.` }
    : {
        errorClass: 'stall_timeout',
        message: `The agent produced no output for ${limits.stallTimeoutMs} ms.`,
      };
}

/** The `stderrTail` field, when there is a tail. */
export function withTail(tail: string | undefined): { stderrTail?: string } {
  return tail === undefined ? {} : { stderrTail: tail };
}

/** An error's message, or the thrown value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
