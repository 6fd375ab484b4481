import {
  type ErrorClass,
  type ErrorEvent,
  emptyUsage,
  type HarnessEvent,
  isRetryable,
  type NativeIds,
  type ResultEvent,
  type ResultSubtype,
} from '@lifeosai/events';
import type { UsageTotals } from './usage-tally.ts';

/*
 * How a run ends, as events: at most one `error`, then exactly one `result` — whoever ends it
 * (the runtime, a watchdog, a cancel, a crash, or the platform for a run no harness executes).
 */

/** Why a run failed, as its `error` event and its `result` both say it. */
export interface RunFailure {
  /** What kind of failure, in terms a caller can act on. */
  readonly errorClass: ErrorClass;
  /** For a person; never a secret. */
  readonly message: string;
  /** Redacted end of the harness process's stderr, when a process failed. */
  readonly stderrTail?: string;
}

/** What the `result` reports besides how the run ended: the run's own figures. */
export interface RunFigures extends UsageTotals {
  /** Model round-trips. */
  readonly numTurns: number;
  /** Wall-clock time of the run. */
  readonly durationMs: number;
  /** Text of the last assistant message that had any. */
  readonly resultText?: string;
  /** Anthropic-style stop reason of the last model call. */
  readonly stopReason?: string | null;
  /** Native ids to resume the run's session; they go on both terminal events. */
  readonly native?: NativeIds;
}

/** The figures of a run that never reached a model: nothing used, nothing spent. */
export function noFigures(): RunFigures {
  return {
    usage: emptyUsage(),
    modelUsage: {},
    totalCostUsd: 0,
    costComputed: false,
    numTurns: 0,
    durationMs: 0,
  };
}

/** Options of `failureEvents`. */
export interface FailureOptions {
  /** Redacted end of the harness process's stderr. */
  readonly stderrTail?: string;
  /** The run's figures so far (default: `noFigures()`). */
  readonly figures?: RunFigures;
}

/** The `error` for a failure; `retryable` by the one rule of `@lifeosai/events`. */
export function errorEvent(failure: RunFailure, native?: NativeIds): ErrorEvent {
  return {
    type: 'error',
    errorClass: failure.errorClass,
    message: failure.message,
    retryable: isRetryable(failure.errorClass),
    ...(failure.stderrTail ? { stderrTail: failure.stderrTail } : {}),
    ...(native === undefined ? {} : { native }),
  };
}

/** The `result` of a run: a success when `failure` is undefined, else an error result of its class. */
export function runResult(
  failure: RunFailure | undefined,
  figures: RunFigures,
  subtype: Exclude<ResultSubtype, 'success'> = 'error_during_execution',
): ResultEvent {
  const base = {
    type: 'result' as const,
    ...(figures.resultText === undefined ? {} : { result: figures.resultText }),
    ...(figures.stopReason === undefined ? {} : { stop_reason: figures.stopReason }),
    usage: figures.usage,
    modelUsage: figures.modelUsage,
    total_cost_usd: figures.totalCostUsd,
    cost_computed: figures.costComputed,
    num_turns: figures.numTurns,
    duration_ms: Math.max(0, figures.durationMs),
    ...(figures.native === undefined ? {} : { native: figures.native }),
  };
  if (failure === undefined) return { ...base, subtype: 'success', is_error: false };
  return { ...base, subtype, is_error: true, errors: [failure.message], error_class: failure.errorClass };
}

/**
 * The two events that end a failed run: its `error`, then its error `result` (`subtype`
 * `error_during_execution` unless a limit — turns, budget — ended the run).
 */
export function failureEvents(
  errorClass: ErrorClass,
  message: string,
  subtype: Exclude<ResultSubtype, 'success'> = 'error_during_execution',
  options: FailureOptions = {},
): [ErrorEvent, ResultEvent] {
  const failure: RunFailure = {
    errorClass,
    message,
    ...(options.stderrTail ? { stderrTail: options.stderrTail } : {}),
  };
  const figures = options.figures ?? noFigures();
  return [errorEvent(failure, figures.native), runResult(failure, figures, subtype)];
}

/** The events that end a run: the `result` alone for a success, else `failureEvents`. */
export function terminalEvents(failure: RunFailure | undefined, figures: RunFigures): HarnessEvent[] {
  if (failure === undefined) return [runResult(undefined, figures)];
  return failureEvents(failure.errorClass, failure.message, 'error_during_execution', {
    figures,
    ...(failure.stderrTail ? { stderrTail: failure.stderrTail } : {}),
  });
}
