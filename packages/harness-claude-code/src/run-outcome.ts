import type { SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import { type HarnessEvent, unreachableProviderMessage } from '@lifeosai/events';
import { errorEvent, type RunFailure, terminalEvents } from '@lifeosai/harness-kit';
import { isSpawnError } from './classify-error.ts';
import { failureOfResult, resultFromSdk } from './map-result.ts';
import { mergeTotals, runShare, type SessionTotals, SessionTotalsStore, totalsOf } from './session-costs.ts';
import type { UsageTracker } from './usage-tracker.ts';

/*
 * How a run ends, as events: at most one `error`, then exactly one `result`.
 */

/** What Claude Code reported at the end of a run it finished. */
export interface CompletedRun {
  readonly result: SDKResultMessage;
  /** The SDK error code of the last synthetic error message, if any. */
  readonly assistantError: string | undefined;
  /** The session's totals before this run. */
  readonly previousTotals: SessionTotals;
  readonly dataDir: string;
  readonly durationMs: number;
  /** Where the CLI sent its model calls, named when the provider could not be reached. */
  readonly baseUrl?: string;
}

/**
 * The terminal events of a run Claude Code finished, with this run's share of the session's
 * figures; records the session's new totals for the next run.
 */
export async function completedRunEvents(run: CompletedRun): Promise<HarnessEvent[]> {
  const { result, previousTotals } = run;
  const share = runShare(result.modelUsage, previousTotals);
  await new SessionTotalsStore(run.dataDir)
    .write(result.session_id, mergeTotals(previousTotals, totalsOf(result.modelUsage)))
    .catch(() => undefined); // Losing the totals only skews a later run's cost; it must not fail this one.
  const classified = failureOfResult(result, run.assistantError);
  const failure =
    classified?.errorClass === 'provider_unreachable'
      ? { ...classified, message: unreachableProviderMessage(classified.message, run.baseUrl) }
      : classified;
  return [...(failure ? [errorEvent(failure)] : []), resultFromSdk(result, share, failure, run.durationMs)];
}

/**
 * The terminal events of a run that ended without Claude Code's result (cancel, stall,
 * timeout, crash, spawn failure): the tokens come from the stream's own usage figures,
 * priced from the platform's table.
 */
export function failedRunEvents(
  failure: RunFailure,
  usage: UsageTracker,
  durationMs: number,
  sessionId: string | undefined,
): HarnessEvent[] {
  return terminalEvents(failure, {
    ...usage.totals(),
    numTurns: usage.calls,
    durationMs,
    ...(sessionId ? { native: { sessionId } } : {}),
  });
}

/** What is known about a run that ended without a result when nobody stopped it. */
export interface Crash {
  /** Whether the SDK was asked to start the CLI; false when preparing the run failed. */
  readonly started: boolean;
  /** The error `spawn` reported, if the CLI never started. */
  readonly spawnError: Error | undefined;
  /** What the SDK (or the preparation) threw, if anything. */
  readonly thrown: unknown;
  readonly stderrTail: string | undefined;
}

/** Why such a run failed: the CLI could not start (`spawn_failed`) or died (`process_exit`). */
export function crashFailure(crash: Crash): RunFailure {
  const error = crash.spawnError ?? crash.thrown;
  const detail = error instanceof Error ? error.message : error === undefined ? '' : String(error);
  const tail = crash.stderrTail ? { stderrTail: crash.stderrTail } : {};
  if (!crash.started || crash.spawnError || isSpawnError(crash.thrown)) {
    return { errorClass: 'spawn_failed', message: `Claude Code could not be started: ${detail}`, ...tail };
  }
  return {
    errorClass: 'process_exit',
    message: `Claude Code exited without a result${detail ? `: ${detail}` : '.'}`,
    ...tail,
  };
}

/** A failure of the adapter itself, which must still end the run with a result. */
export function unexpectedFailure(error: unknown): RunFailure {
  return {
    errorClass: 'unknown',
    message: `The harness failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}
