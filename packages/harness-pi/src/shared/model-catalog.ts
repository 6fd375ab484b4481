import type { ModelInfo } from '@lifeosai/harness-spec';
import type { PiProvider } from './config.ts';

/** What the harness knows about a model without asking anyone. */
export interface CatalogModel {
  readonly id: string;
  readonly displayName: string;
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
}

/*
 * A small static catalog: the ids the platform's price table knows, plus limits Pi needs to
 * size requests. Kept here (not read from Pi's generated catalog) so the service process
 * never loads the Pi SDK just to list models.
 */
const catalog: Readonly<Record<PiProvider, ReadonlyArray<CatalogModel>>> = {
  anthropic: [
    {
      id: 'claude-sonnet-4-6',
      displayName: 'Claude Sonnet 4.6',
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
    },
    {
      id: 'claude-sonnet-4-5',
      displayName: 'Claude Sonnet 4.5',
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
    },
    {
      id: 'claude-opus-4-5',
      displayName: 'Claude Opus 4.5',
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
    },
    {
      id: 'claude-haiku-4-5',
      displayName: 'Claude Haiku 4.5',
      contextWindow: 200_000,
      maxOutputTokens: 64_000,
    },
  ],
  openai: [
    { id: 'gpt-5-mini', displayName: 'GPT-5 mini', contextWindow: 400_000, maxOutputTokens: 128_000 },
    { id: 'gpt-5', displayName: 'GPT-5', contextWindow: 400_000, maxOutputTokens: 128_000 },
    { id: 'gpt-4.1', displayName: 'GPT-4.1', contextWindow: 1_047_576, maxOutputTokens: 32_768 },
    { id: 'gpt-4o', displayName: 'GPT-4o', contextWindow: 128_000, maxOutputTokens: 16_384 },
    { id: 'gpt-4o-mini', displayName: 'GPT-4o mini', contextWindow: 128_000, maxOutputTokens: 16_384 },
  ],
  google: [
    {
      id: 'gemini-2.5-flash',
      displayName: 'Gemini 2.5 Flash',
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
    },
    {
      id: 'gemini-2.5-pro',
      displayName: 'Gemini 2.5 Pro',
      contextWindow: 1_048_576,
      maxOutputTokens: 65_536,
    },
  ],
};

/** Limits assumed for a model the catalog does not know (a local server's model, a new id). */
const unknownModelLimits = { contextWindow: 128_000, maxOutputTokens: 16_384 } as const;

/** The model a config without `model` runs: the first of its provider's catalog. */
export function defaultModelId(provider: PiProvider): string {
  return catalog[provider][0]!.id;
}

/** Catalog entry of a model, or generic limits under its own id when the catalog lacks it. */
export function catalogModel(provider: PiProvider, modelId: string): CatalogModel {
  const known = catalog[provider].find((model) => model.id === modelId);
  return known ?? { id: modelId, displayName: modelId, ...unknownModelLimits };
}

/** The static list `listModels` falls back to, default first. */
export function staticModels(provider: PiProvider): ModelInfo[] {
  return catalog[provider].map((model, index) => ({
    id: model.id,
    displayName: model.displayName,
    provider,
    contextWindow: model.contextWindow,
    ...(index === 0 ? { isDefault: true } : {}),
  }));
}
