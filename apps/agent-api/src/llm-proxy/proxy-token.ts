import type { IncomingHttpHeaders } from 'node:http';
import { PlatformError } from '@lifeosai/errors';
import type { RunTokens } from '../http/run-token.ts';

/** The run a proxied call belongs to, from its proxy token. */
export interface ProxyGrant {
  runId: string;
  orgId: string;
  agentId: string;
}

/**
 * The proxy token, wherever the client put it: every provider SDK sends its key its own
 * way — `x-api-key` (Anthropic), `Authorization: Bearer` (OpenAI), `x-goog-api-key` or
 * `?key=` (Gemini) — and the run's token stands in for that key.
 */
export function readProxyToken(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim();
  return (
    single(headers['x-api-key']) ||
    single(headers.authorization)?.match(/^Bearer\s+(\S+)$/i)?.[1] ||
    single(headers['x-goog-api-key']) ||
    query.get('key')?.trim() ||
    undefined
  );
}

/**
 * The grant of a valid proxy token whose run is running; otherwise a 401 in the contract's
 * error shape, which every harness reads as an authentication failure.
 */
export async function authenticateProxyCall(
  runTokens: Pick<RunTokens, 'verify'>,
  token: string | undefined,
): Promise<ProxyGrant> {
  const scope = token ? await runTokens.verify(token, 'llm') : undefined;
  if (scope) return scope;
  throw new PlatformError(
    'RUN_TOKEN_INVALID',
    token
      ? "The LLM proxy refused this token: it is not a run's proxy token, or its run is no longer running."
      : "The LLM proxy needs the run's proxy token as the provider API key.",
  );
}
