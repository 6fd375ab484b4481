import type { SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import {
  addUsage,
  computeCostUsd,
  type ErrorClass,
  emptyUsage,
  type ModelUsage,
  type ResultEvent,
  type Usage,
} from '@lifeosai/events';
import { classifyApiFailure } from './classify-error.ts';
import type { RunShare } from './session-costs.ts';

/** Why a run failed, as the `error` event and the `result` both say it. */
export interface RunFailure {
  readonly errorClass: ErrorClass;
  readonly message: string;
  readonly stderrTail?: string;
}

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

/**
 * Our `result` for a run Claude Code never finished (cancel, stall, timeout, crash, spawn
 * failure): the tokens come from the stream's own usage figures, priced from our table.
 */
export function syntheticResult(
  failure: RunFailure,
  tokensByModel: ReadonlyMap<string, Usage>,
  modelCalls: number,
  durationMs: number,
  sessionId: string | undefined,
): ResultEvent {
  let usage = emptyUsage();
  let totalCost: number | null = 0;
  const modelUsage: Record<string, ModelUsage> = {};
  for (const [model, tokens] of tokensByModel) {
    const cost = computeCostUsd(model, tokens) ?? null;
    usage = addUsage(usage, tokens);
    totalCost = cost === null || totalCost === null ? null : totalCost + cost;
    modelUsage[model] = {
      inputTokens: tokens.input_tokens,
      outputTokens: tokens.output_tokens,
      cacheReadInputTokens: tokens.cache_read_input_tokens,
      cacheCreationInputTokens: tokens.cache_creation_input_tokens,
      costUSD: cost,
    };
  }
  return {
    type: 'result',
    subtype: 'error_during_execution',
    is_error: true,
    errors: [failure.message],
    error_class: failure.errorClass,
    usage,
    modelUsage,
    total_cost_usd: totalCost,
    cost_computed: tokensByModel.size > 0,
    num_turns: modelCalls,
    duration_ms: durationMs,
    ...(sessionId ? { native: { sessionId } } : {}),
  };
}
