import type { Usage } from './usage.ts';

/** List prices of one model, in USD per million tokens. */
export interface ModelPrice {
  /** Prompt tokens outside the cache. */
  readonly input: number;
  /** Generated tokens, thinking included. */
  readonly output: number;
  /** Prompt tokens written to the cache; the input price where the provider has no separate rate. */
  readonly cacheWrite: number;
  /** Prompt tokens read from the cache. */
  readonly cacheRead: number;
}

/**
 * Fallback prices for harnesses that report tokens but no cost (Pi with a custom model,
 * ACP agents). Claude Code reports its own cost, which wins. Base-tier list prices, checked
 * against pi-ai 0.87.1's model registry; long-context surcharges are not modelled. A
 * model missing here yields no cost (null), never a guess.
 */
export const priceTable: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'gpt-4o': { input: 2.5, output: 10, cacheWrite: 2.5, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheWrite: 0.15, cacheRead: 0.075 },
  'gpt-4.1': { input: 2, output: 8, cacheWrite: 2, cacheRead: 0.5 },
  'gpt-5': { input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheWrite: 0.25, cacheRead: 0.025 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheWrite: 1.25, cacheRead: 0.125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheWrite: 0.3, cacheRead: 0.03 },
};

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/**
 * Cost in USD of `usage` on `model`, or undefined when the table has no price for it.
 * Model ids match exactly after lower-casing and dropping a provider prefix
 * (`anthropic/…`), a Vertex-style `@version` and a trailing release date
 * (`-20250929`, `-2024-08-06`). There is no prefix matching: `gpt-5-nano` must not be
 * priced as `gpt-5`.
 */
export function computeCostUsd(
  model: string,
  usage: Usage,
  table: Readonly<Record<string, ModelPrice>> = priceTable,
): number | undefined {
  const price = findModelPrice(model, table);
  if (price === undefined) return undefined;
  const weighted =
    usage.input_tokens * price.input +
    usage.output_tokens * price.output +
    usage.cache_creation_input_tokens * price.cacheWrite +
    usage.cache_read_input_tokens * price.cacheRead;
  return weighted / TOKENS_PER_PRICE_UNIT;
}

function findModelPrice(model: string, table: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  const withoutProvider = model.trim().toLowerCase().split('/').at(-1) ?? '';
  const withoutVersion = withoutProvider.split('@')[0] ?? '';
  const withoutDate = withoutVersion.replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, '');
  for (const candidate of [withoutProvider, withoutVersion, withoutDate]) {
    if (Object.hasOwn(table, candidate)) return table[candidate];
  }
  return undefined;
}
