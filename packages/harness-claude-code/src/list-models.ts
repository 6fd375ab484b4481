import { providerFacts } from '@lifeosai/config/providers';
import type { EnvironmentContext, ModelInfo } from '@lifeosai/harness-spec';
import type { ClaudeCodeConfig } from './config.ts';

/** Claude Code's default model when the config names none (as its bundled CLI, 2.1.330, has it). */
const DEFAULT_MODEL = 'claude-opus-5-5';

/**
 * Models Claude Code 2.1.330 offers in its own picker, main section first. The fallback
 * when no key is configured or the live lookup fails.
 */
export const STATIC_MODELS: ReadonlyArray<ModelInfo> = [
  { id: 'claude-opus-5-5', displayName: 'Claude Opus 5.5', provider: 'anthropic', isDefault: true },
  { id: 'claude-sonnet-5-5', displayName: 'Claude Sonnet 5.5', provider: 'anthropic' },
  { id: 'claude-haiku-5-5', displayName: 'Claude Haiku 5.5', provider: 'anthropic' },
  { id: 'claude-opus-5', displayName: 'Claude Opus 5', provider: 'anthropic' },
  { id: 'claude-sonnet-5', displayName: 'Claude Sonnet 5', provider: 'anthropic' },
  { id: 'claude-opus-4-8', displayName: 'Claude Opus 4.8', provider: 'anthropic' },
  { id: 'claude-opus-4-7', displayName: 'Claude Opus 4.7', provider: 'anthropic' },
  { id: 'claude-sonnet-4-6', displayName: 'Claude Sonnet 4.6', provider: 'anthropic' },
  { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', provider: 'anthropic' },
];

/** A live lookup must not hold up a model picker. */
const LOOKUP_TIMEOUT_MS = 3000;

/**
 * The models the configured key can use: `GET {baseUrl}/v1/models` when a key is
 * configured, else (or when that fails in any way) the static list. Never rejects.
 */
export async function listModels(
  ctx: EnvironmentContext<ClaudeCodeConfig>,
  fetchImpl: typeof fetch = fetch,
): Promise<ModelInfo[]> {
  const anthropic = ctx.credentials.anthropic;
  if (!anthropic?.apiKey) return [...STATIC_MODELS];
  const base = (anthropic.baseUrl ?? providerFacts.anthropic.defaultBaseUrl)
    .replace(/\/+$/, '')
    .replace(/\/v1$/, '');
  try {
    const response = await fetchImpl(`${base}/v1/models?limit=100`, {
      headers: { 'x-api-key': anthropic.apiKey, 'anthropic-version': '2023-06-01' },
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(LOOKUP_TIMEOUT_MS)]),
    });
    if (!response.ok) return [...STATIC_MODELS];
    const models = parseModelList(await response.json());
    return models.length > 0 ? models : [...STATIC_MODELS];
  } catch {
    return [...STATIC_MODELS];
  }
}

function parseModelList(body: unknown): ModelInfo[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  const models = data.flatMap((entry): ModelInfo[] => {
    const { id, display_name: displayName } = (entry ?? {}) as { id?: unknown; display_name?: unknown };
    if (typeof id !== 'string' || id === '') return [];
    const known = STATIC_MODELS.find((model) => model.id === id);
    return [
      {
        id,
        displayName: known?.displayName ?? (typeof displayName === 'string' ? displayName : id),
        provider: 'anthropic',
      },
    ];
  });
  const fallbackDefault = models.some((model) => model.id === DEFAULT_MODEL) ? DEFAULT_MODEL : models[0]?.id;
  return models.map((model) => (model.id === fallbackDefault ? { ...model, isDefault: true } : model));
}
