import type { KnownProviderId } from '@lifeosai/config';

/** The usage one call reported on the wire, in disjoint counts (as `@lifeosai/events`' `Usage`). */
export interface WireUsage {
  /** The model the provider says answered; absent when the response named none. */
  model?: string;
  /** Prompt tokens neither read from nor written to the cache. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/**
 * Reads usage out of a provider's JSON objects — SSE events, stream chunks or whole bodies —
 * one at a time, in order. Contract: `observe` never throws, whatever it is given; `usage()`
 * is undefined until a usage figure was seen.
 */
export interface UsageObserver {
  observe(json: unknown): void;
  usage(): WireUsage | undefined;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** A usage observer for the provider's wire format(s). */
export function usageObserver(provider: KnownProviderId): UsageObserver {
  const state: { seen: boolean; usage: WireUsage } = {
    seen: false,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
  };
  const set = (field: Exclude<keyof WireUsage, 'model'>, value: number | undefined) => {
    if (value === undefined) return;
    state.usage[field] = value;
    state.seen = true;
  };
  const model = (value: unknown) => {
    const found = text(value);
    if (found) state.usage.model = found;
  };
  const observe = { anthropic: observeAnthropic, openai: observeOpenAi, google: observeGemini }[provider];
  return {
    observe: (json) => {
      if (isObject(json)) observe(json, set, model);
    },
    usage: () => (state.seen ? { ...state.usage } : undefined),
  };
}

type Setter = (field: Exclude<keyof WireUsage, 'model'>, value: number | undefined) => void;
type ModelSetter = (value: unknown) => void;

/**
 * Anthropic Messages: `message_start` carries the model and the prompt's counts,
 * `message_delta` the final output count (and, from some servers, final prompt counts); a
 * whole message carries both. Anthropic's counts are already disjoint.
 */
function observeAnthropic(json: Json, set: Setter, model: ModelSetter): void {
  const message = json.type === 'message_start' && isObject(json.message) ? json.message : json;
  if (json.type === 'message_start' || json.type === 'message') model(message.model);
  const usage =
    json.type === 'message_delta' || json.type === 'message_start' || json.type === 'message'
      ? isObject(message.usage)
        ? message.usage
        : undefined
      : undefined;
  if (!usage) return;
  set('inputTokens', count(usage.input_tokens));
  set('outputTokens', count(usage.output_tokens));
  set('cacheReadTokens', count(usage.cache_read_input_tokens));
  set('cacheWriteTokens', count(usage.cache_creation_input_tokens));
}

/**
 * OpenAI chat completions (`usage` on the body or the last chunk) and the Responses API
 * (`response.completed|incomplete|failed` events and whole response bodies). OpenAI's
 * prompt counts include cached tokens: they are subtracted.
 */
function observeOpenAi(json: Json, set: Setter, model: ModelSetter): void {
  const response = typeof json.type === 'string' && json.type.startsWith('response.') ? json.response : json;
  if (!isObject(response)) return;
  model(response.model);
  const usage = response.usage;
  if (!isObject(usage)) return;
  const chat = usage.prompt_tokens !== undefined;
  const prompt = count(chat ? usage.prompt_tokens : usage.input_tokens);
  const details = chat ? usage.prompt_tokens_details : usage.input_tokens_details;
  const cached = (isObject(details) ? count(details.cached_tokens) : undefined) ?? 0;
  set('inputTokens', prompt === undefined ? undefined : Math.max(0, prompt - cached));
  set('cacheReadTokens', cached);
  set('outputTokens', count(chat ? usage.completion_tokens : usage.output_tokens) ?? 0);
}

/**
 * Gemini: every chunk may carry `usageMetadata`, the last one the totals. The prompt count
 * includes cached tokens, the output is candidates plus thoughts.
 */
function observeGemini(json: Json, set: Setter, model: ModelSetter): void {
  model(json.modelVersion);
  const usage = json.usageMetadata;
  if (!isObject(usage)) return;
  const cached = count(usage.cachedContentTokenCount) ?? 0;
  const prompt = count(usage.promptTokenCount);
  set('inputTokens', prompt === undefined ? undefined : Math.max(0, prompt - cached));
  set('cacheReadTokens', cached);
  set('outputTokens', (count(usage.candidatesTokenCount) ?? 0) + (count(usage.thoughtsTokenCount) ?? 0));
}
