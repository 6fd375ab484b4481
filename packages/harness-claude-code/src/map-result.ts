import type { SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import type { ResultEvent } from '@lifeosai/events';
import type { RunFailure } from '@lifeosai/harness-kit';
import { classifyApiFailure } from './classify-error.ts';
import type { RunShare } from './session-costs.ts';

/**
 * The failure a Claude Code result stands for, or undefined for a successful one. A failed
 * model call arrives as `subtype: 'success'` with `is_error: true` and the provider's status;
 * the synthetic assistant message before it carries the SDK's error code.
 */
export function failureOfResult(
  result: SDKResultMessage,
  assistantError: string | undefined,
): RunFailure | undefined {
  if (!result.is_error) return undefined;
  if (result.subtype === 'success') {
    const message = result.result || 'the model call failed';
    return {
      errorClass: classifyApiFailure({
        status: result.api_error_status,
        sdkError: assistantError,
        terminalReason: result.terminal_reason,
        message,
      }),
      message,
    };
  }
  const message = result.errors.join('; ') || describeSubtype(result.subtype);
  // A run stopped by its own limits (turns, budget) is not a provider failure: nothing to classify.
  if (result.subtype !== 'error_during_execution') return { errorClass: 'unknown', message };
  if (result.startup_failure_reason) return { errorClass: 'spawn_failed', message };
  return {
    errorClass: classifyApiFailure({ sdkError: assistantError, message }),
    message,
  };
}

function describeSubtype(subtype: string): string {
  switch (subtype) {
    case 'error_max_turns':
      return 'the run reached its maxTurns limit';
    case 'error_max_budget_usd':
      return 'the run reached its budget limit';
    default:
      return `Claude Code ended the run with ${subtype}`;
  }
}

/** Our `result` for a result Claude Code reported, with this run's share of the figures. */
export function resultFromSdk(
  result: SDKResultMessage,
  share: RunShare,
  failure: RunFailure | undefined,
  durationMs: number,
): ResultEvent {
  return {
    type: 'result',
    subtype: result.subtype,
    is_error: failure !== undefined,
    ...(result.subtype === 'success' && !failure && result.result ? { result: result.result } : {}),
    ...(failure ? { errors: [failure.message], error_class: failure.errorClass } : {}),
    stop_reason: result.stop_reason,
    ...share,
    num_turns: Math.max(0, result.num_turns),
    duration_ms: durationMs,
    duration_api_ms: Math.max(0, result.duration_api_ms),
    native: { sessionId: result.session_id },
  };
}
