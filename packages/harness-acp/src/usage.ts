import type { Usage as AcpUsage } from '@agentclientprotocol/sdk/unstable';
import type { Usage } from '@lifeosai/events';

/**
 * A turn's token usage as the agent reports it on the `session/prompt` response (ACP's
 * unstable `usage`), in the unified (Anthropic) shape; undefined when the agent reports none.
 * Thought tokens are output tokens, as providers bill them.
 */
export function usageOf(usage: AcpUsage | null | undefined, meta?: unknown): Usage | undefined {
  if (usage == null) return quotaUsage(meta);
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens + (usage.thoughtTokens ?? 0),
    cache_creation_input_tokens: usage.cachedWriteTokens ?? 0,
    cache_read_input_tokens: usage.cachedReadTokens ?? 0,
  };
}

/**
 * Gemini CLI's report of a turn, outside ACP's `usage`: `_meta.quota.token_count` of the
 * `session/prompt` response (`{input_tokens, output_tokens}`).
 */
function quotaUsage(meta: unknown): Usage | undefined {
  const count = (meta as { quota?: { token_count?: Record<string, unknown> } } | null | undefined)?.quota
    ?.token_count;
  const input = count?.input_tokens;
  const output = count?.output_tokens;
  if (typeof input !== 'number' || typeof output !== 'number') return undefined;
  return {
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}
