/**
 * How a run ended, in words a person can act on: the one place the web app turns run error
 * codes (`run.error.code`), failure classes (`result.error_class`) and result subtypes into
 * sentences. The chat, the run page and the lists all read it from here.
 */
import type { UnifiedEventOf } from '@lifeosai/api-contract';

/** The harness's failure class, as the contract's `result` event carries it. */
type ErrorClass = NonNullable<UnifiedEventOf<'result'>['error_class']>;

/** How a run ended, for display. */
export type RunOutcome =
  /** It finished its turn. */
  | { kind: 'succeeded' }
  /** Someone stopped it (the cancel route, or Stop in the app). */
  | { kind: 'stopped' }
  /** It failed: `message` says what went wrong and what to do, in one sentence or two. */
  | { kind: 'failed'; message: string };

/** What is known about a failure: any of the run's code, the result's class, subtype and messages. */
export interface FailureFacts {
  /** `run.error.code`: a class in upper case (`PROVIDER_UNREACHABLE`) or the platform's own (`RUN_LOST`). */
  code?: string;
  /** `result.error_class`. */
  errorClass?: string;
  /** `result.subtype` (`error_during_execution`, `error_max_turns`, …). */
  subtype?: string;
  /** The runtime's own words (`result.errors`, `run.error.message`, an `error` event's message). */
  messages?: string[];
}

/** The first http(s) address in the runtime's words: the model server it could not reach. */
function addressIn(messages: string[]): string | undefined {
  for (const message of messages) {
    const match = /https?:\/\/[^\s)'"<>,;]+/.exec(message);
    if (match) return match[0].replace(/[.]+$/, '');
  }
  return undefined;
}

/** A provider's JSON error body read for its own message (`{"error":{"message":…}}`); else the text. */
function readable(message: string): string {
  const json = /\{.*\}/s.exec(message)?.[0];
  if (!json) return message.trim();
  try {
    const body = JSON.parse(json) as { error?: { message?: unknown }; message?: unknown };
    const inner = body.error?.message ?? body.message;
    return typeof inner === 'string' ? message.replace(json, inner).trim() : message.trim();
  } catch {
    return message.trim();
  }
}

/** The runtime's words as a trailing detail, when they add something. */
function detail(messages: string[]): string {
  const text = messages.map(readable).filter(Boolean).join('; ');
  return text ? ` (${text.length > 300 ? `${text.slice(0, 300)}…` : text})` : '';
}

const classWords: Record<ErrorClass, (messages: string[]) => string> = {
  provider_unreachable: (messages) => {
    const address = addressIn(messages);
    return `The model server${address ? ` at ${address}` : ''} did not answer — check that it is running and its address in Settings → Models, then send again.`;
  },
  auth: () => 'The model provider refused the API key — check the key in Settings → Models.',
  rate_limit: () => 'The model provider is limiting requests right now — wait a minute, then send again.',
  overloaded: () => 'The model provider is overloaded or failing — try again in a few minutes.',
  invalid_request: (messages) =>
    `The model provider rejected the request${detail(messages)} — check the agent's model in its settings.`,
  context_overflow: () =>
    "The conversation no longer fits the model's context window — start a new chat to continue.",
  spawn_failed: (messages) =>
    `The agent's harness could not start${detail(messages)} — check the agent's settings, or ask the operator.`,
  process_exit: () => "The agent's harness stopped unexpectedly — send your message again.",
  stall_timeout: () => 'The agent went silent for too long and was stopped — send your message again.',
  timeout: () =>
    "The run reached its time limit — ask for a smaller step, or raise the limit in the agent's settings.",
  cancelled: () => 'Stopped by you.',
  budget_exceeded: () =>
    "The agent has spent its monthly budget — raise the budget in the agent's settings to continue.",
  unknown: (messages) =>
    `The run failed${detail(messages)}. Send your message again; if it keeps failing, open the run page for its events.`,
};

/** Codes the platform sets itself, beyond the failure classes. */
const codeWords: Record<string, (messages: string[]) => string> = {
  EVENTS_NOT_STORED: () =>
    "The run's output could not be saved — send your message again; if it keeps failing, tell the operator.",
  RUN_LOST: () => 'The server running this agent stopped during the run — send your message again.',
  SECRET_NOT_FOUND: (messages) =>
    `A secret the agent needs is missing${detail(messages)} — add it in Settings → Secrets.`,
};

/** Result subtypes that say more than their class. */
const subtypeWords: Record<string, () => string> = {
  error_max_turns: () =>
    "The agent reached its limit of turns — ask it to continue, or raise the limit in the agent's settings.",
  error_max_budget_usd: () =>
    "The run reached its spending limit — raise the limit in the agent's settings, then send again.",
  error_max_structured_output_retries: () =>
    'The agent could not produce its answer in the required format — send your message again.',
};

function isErrorClass(value: string): value is ErrorClass {
  return Object.hasOwn(classWords, value);
}

/** Whether these facts describe a run someone stopped (not a failure). */
export function isStopped(facts: FailureFacts): boolean {
  return facts.errorClass === 'cancelled' || facts.code === 'CANCELLED';
}

/** One plain-language sentence for a failed run, saying what to do. */
export function failureMessage(facts: FailureFacts): string {
  const messages = facts.messages ?? [];
  if (facts.code && Object.hasOwn(codeWords, facts.code)) return codeWords[facts.code]!(messages);
  if (facts.subtype && Object.hasOwn(subtypeWords, facts.subtype)) return subtypeWords[facts.subtype]!();
  const errorClass = facts.errorClass ?? facts.code?.toLowerCase();
  if (errorClass && isErrorClass(errorClass)) return classWords[errorClass](messages);
  return classWords.unknown(messages);
}

/** The outcome of a run's `result` event. */
export function resultOutcome(result: Readonly<Record<string, unknown>>): RunOutcome {
  const subtype = typeof result.subtype === 'string' ? result.subtype : 'success';
  const failed = result.is_error === true || subtype !== 'success';
  if (!failed) return { kind: 'succeeded' };
  const facts: FailureFacts = {
    subtype,
    ...(typeof result.error_class === 'string' && { errorClass: result.error_class }),
    messages: Array.isArray(result.errors) ? result.errors.filter((e) => typeof e === 'string') : [],
  };
  return isStopped(facts) ? { kind: 'stopped' } : { kind: 'failed', message: failureMessage(facts) };
}

/** The outcome of a finished run as `GET /runs/:id` shows it; undefined while it is queued or running. */
export function runOutcome(run: {
  status: string;
  error?: { code: string; message: string } | undefined;
}): RunOutcome | undefined {
  switch (run.status) {
    case 'succeeded':
      return { kind: 'succeeded' };
    case 'cancelled':
      return { kind: 'stopped' };
    case 'timed_out':
      return { kind: 'failed', message: failureMessage({ code: run.error?.code ?? 'TIMEOUT' }) };
    case 'failed':
      return {
        kind: 'failed',
        message: failureMessage({
          ...(run.error && { code: run.error.code, messages: [run.error.message] }),
        }),
      };
    default:
      return undefined;
  }
}
