import type { ProviderError, ProviderModel } from '@lifeosai/api-contract';
import type { ProviderDefinition } from './providers.ts';

/** What a request to a provider found: failures are data, with a message a person can act on. */
export type ProviderCheck =
  | { ok: true; latencyMs: number; models: ProviderModel[] }
  | { ok: false; latencyMs: number; error: ProviderError };

/**
 * Lists the models at `baseUrl` — the "test connection" request too: it needs a reachable
 * server, the right path and an accepted key, and costs no tokens. Never throws; the key
 * appears in no message.
 */
export async function listProviderModels(
  definition: ProviderDefinition,
  target: { baseUrl: string; apiKey?: string },
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<ProviderCheck> {
  const fetcher = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = definition.modelsUrl(target.baseUrl);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (code: ProviderError['code'], message: string): ProviderCheck => ({
    ok: false,
    latencyMs: elapsed(),
    error: { code, message },
  });
  let response: Response;
  try {
    response = await fetcher(url, {
      headers: { accept: 'application/json', ...definition.authHeaders(target.apiKey) },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') {
      return fail('PROVIDER_TIMEOUT', `${url} did not answer within ${timeoutMs / 1000} s.`);
    }
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return fail(
      'PROVIDER_UNREACHABLE',
      `Could not reach ${url} (${reason}); check the base URL and that the server is running.`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    return fail(
      'PROVIDER_AUTH_FAILED',
      `${definition.label} refused the API key (HTTP ${response.status}); check or replace the key.`,
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return fail(
      'PROVIDER_NOT_FOUND',
      `${url} answered 404; the base URL's path is probably wrong` +
        (definition.id === 'openai' ? ' (OpenAI-compatible base URLs usually end in /v1).' : '.'),
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    return fail(
      'PROVIDER_ERROR',
      `${url} answered HTTP ${response.status}; retry later or check the provider.`,
    );
  }
  const models = parseModelList(await response.json().catch(() => undefined));
  if (!models) {
    return fail(
      'PROVIDER_BAD_RESPONSE',
      `${url} answered, but not with a model list; is this a ${definition.label} API?`,
    );
  }
  return { ok: true, latencyMs: elapsed(), models };
}

/** OpenAI and Anthropic: `{data:[{id, display_name?}]}`; Gemini: `{models:[{name:"models/…", displayName}]}`. */
function parseModelList(body: unknown): ProviderModel[] | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { data, models } = body as { data?: unknown; models?: unknown };
  const list = Array.isArray(data) ? data : Array.isArray(models) ? models : undefined;
  if (!list) return undefined;
  const out: ProviderModel[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const { id, name, display_name: snakeName, displayName } = item as Record<string, unknown>;
    const modelId =
      typeof id === 'string' ? id : typeof name === 'string' ? name.replace(/^models\//, '') : undefined;
    if (!modelId) continue;
    const label =
      typeof displayName === 'string' ? displayName : typeof snakeName === 'string' ? snakeName : undefined;
    out.push({ id: modelId, ...(label && label !== modelId && { displayName: label }) });
  }
  return out;
}
