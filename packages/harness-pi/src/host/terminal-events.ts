import type { ErrorClass, HarnessEvent, NativeIds } from '@lifeosai/events';
import { terminalEvents as endEvents } from '@lifeosai/harness-kit';
import { classifyErrorMessage } from '../shared/classify-error.ts';
import type { PiRunSummary } from './normalizer.ts';

/** How a run ended, decided by whoever saw it end (Pi, the watchdog, a cancel, a crash). */
export type RunEnding =
  | { readonly kind: 'success' }
  | {
      readonly kind: 'failure';
      readonly errorClass: ErrorClass;
      /** For a person; never a secret. */
      readonly message: string;
      /** Redacted end of the runner's stderr, when a process failed. */
      readonly stderrTail?: string;
    };

/**
 * The ending Pi itself reported once `prompt()` resolved: its last assistant message
 * failed (`stopReason: 'error'` — Pi never throws for provider errors), was aborted, or
 * the turn succeeded.
 */
export function endingOf(summary: PiRunSummary): RunEnding {
  if (summary.lastPiStopReason === 'error') {
    const message = summary.lastErrorMessage ?? 'the model call failed';
    return { kind: 'failure', errorClass: classifyErrorMessage(message).errorClass, message };
  }
  if (summary.lastPiStopReason === 'aborted') {
    return { kind: 'failure', errorClass: 'cancelled', message: 'the model call was aborted' };
  }
  return { kind: 'success' };
}

/** Context of the terminal events that the normalizer does not know. */
export interface TerminalContext {
  readonly durationMs: number;
  readonly native?: NativeIds;
}

/**
 * The events that end a run: an `error` for a failure, then the one `result`. Usage and
 * cost are the run's own (Pi's figures are per message, so nothing is cumulative here).
 */
export function terminalEvents(
  summary: PiRunSummary,
  ending: RunEnding,
  context: TerminalContext,
): HarnessEvent[] {
  return endEvents(ending.kind === 'success' ? undefined : ending, {
    ...summary,
    durationMs: context.durationMs,
    ...(context.native === undefined ? {} : { native: context.native }),
  });
}
