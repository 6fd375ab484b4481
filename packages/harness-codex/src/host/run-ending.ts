import type { RunFailure } from '@lifeosai/harness-kit';
import { classifyCodexError } from './classify-error.ts';
import type { CodexRunSummary } from './event-mapper.ts';

/** How a run ended, decided by whoever saw it end (Codex, the watchdog, a cancel, a crash). */
export type RunEnding = { readonly kind: 'success' } | ({ readonly kind: 'failure' } & RunFailure);

/**
 * The ending Codex reported once its stream was over: `turn.completed` is a success,
 * `turn.failed` a failure classified from its message; a stream that ended with neither
 * (Codex exited between turns) is a process exit.
 */
export function runEnding(summary: CodexRunSummary): RunEnding {
  if (summary.turn?.ok === true) return { kind: 'success' };
  if (summary.turn?.ok === false) {
    return {
      kind: 'failure',
      errorClass: classifyCodexError(summary.turn.message),
      message: summary.turn.message,
    };
  }
  return {
    kind: 'failure',
    errorClass: 'process_exit',
    message: 'Codex ended its stream without finishing the turn.',
  };
}
