import type { Usage as AcpUsage } from '@agentclientprotocol/sdk/unstable';
import type { Usage } from '@lifeosai/events';

/**
 * A turn's token usage as the agent reports it on the `session/prompt` response (ACP's
 * unstable `usage`), in the unified (Anthropic) shape; undefined when the agent reports none.
 * Thought tokens are output tokens, as providers bill them.
 */
export function usageOf(usage: AcpUsage | null | undefined): Usage | undefined {
  if (usage == null) return undefined;
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens + (usage.thoughtTokens ?? 0),
    cache_creation_input_tokens: usage.cachedWriteTokens ?? 0,
    cache_read_input_tokens: usage.cachedReadTokens ?? 0,
  };
}
