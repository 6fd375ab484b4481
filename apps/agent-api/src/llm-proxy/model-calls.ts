import type { KnownProviderId } from '@lifeosai/config';
import { PlatformError } from '@lifeosai/errors';

/**
 * The calls the proxy forwards, per provider, as `METHOD path` below the provider's base URL
 * (SDK convention): model calls, token counts and model lists — what harnesses make. Nothing
 * else is forwarded with the platform's key: a run must not reach a provider's files,
 * batches, fine-tuning or account endpoints, which would also escape metering.
 */
const modelCalls: Readonly<Record<KnownProviderId, ReadonlyArray<readonly [string, RegExp]>>> = {
  anthropic: [
    ['POST', /^\/v1\/messages(\/count_tokens)?$/],
    ['GET', /^\/v1\/models(\/[^/]+)?$/],
  ],
  openai: [
    ['POST', /^\/(chat\/completions|responses|completions)$/],
    ['GET', /^\/models(\/[^/]+)?$/],
  ],
  google: [
    ['POST', /^\/v1(beta)?\/models\/[^/]+:(generateContent|streamGenerateContent|countTokens)$/],
    ['GET', /^\/v1(beta)?\/models(\/[^/]+)?$/],
  ],
};

/** Throws a 404 in the error shape unless `method path` is a model call of the provider. */
export function requireModelCall(provider: KnownProviderId, method: string, path: string): void {
  const trimmed = path.replace(/\/+$/, '') || '/';
  if (modelCalls[provider].some(([allowed, pattern]) => allowed === method && pattern.test(trimmed))) return;
  throw new PlatformError(
    'NOT_A_MODEL_CALL',
    `The LLM proxy forwards model calls, token counts and model lists only; ${method} ${trimmed} is not one (${provider}).`,
  );
}
