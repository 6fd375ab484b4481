import { z } from 'zod';

/**
 * The LLM providers the platform configures and proxies, once for every service: their ids
 * (as in the harness contract's `ProviderId`: `openai` is any OpenAI-compatible endpoint,
 * `google` is Gemini), their public base URLs and the service environment variables that
 * configure them.
 *
 * Base URLs follow each vendor SDK's convention, which is also the convention of the
 * `*_BASE_URL` variables and of `/api/models`: Anthropic's and Gemini's without a version
 * (`https://api.anthropic.com`), OpenAI-compatible ones ending in `/v1`. A client joins its
 * own path to it (`/v1/messages`, `/chat/completions`, `/v1beta/models/…`).
 */
export const providerIds = ['anthropic', 'openai', 'google'] as const;

/** One of `providerIds`. */
export type KnownProviderId = (typeof providerIds)[number];

/** What the platform knows about one provider without asking it. */
export interface ProviderFacts {
  /** For people: "Anthropic", "OpenAI-compatible", "Google Gemini". */
  readonly label: string;
  /** The public API's base URL, in the SDK convention above. */
  readonly defaultBaseUrl: string;
  /** The service environment variable holding the operator's key (`ANTHROPIC_API_KEY`). */
  readonly apiKeyVariable: string;
  /** The service environment variable holding the operator's base URL (`ANTHROPIC_BASE_URL`). */
  readonly baseUrlVariable: string;
  /** The request headers that carry a key (never the URL: URLs end up in logs). */
  keyHeaders(apiKey: string): Record<string, string>;
}

export const providerFacts: Readonly<Record<KnownProviderId, ProviderFacts>> = {
  anthropic: {
    label: 'Anthropic',
    defaultBaseUrl: 'https://api.anthropic.com',
    apiKeyVariable: 'ANTHROPIC_API_KEY',
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    keyHeaders: (apiKey) => ({ 'x-api-key': apiKey }),
  },
  openai: {
    label: 'OpenAI-compatible',
    defaultBaseUrl: 'https://api.openai.com/v1',
    apiKeyVariable: 'OPENAI_API_KEY',
    baseUrlVariable: 'OPENAI_BASE_URL',
    keyHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  },
  google: {
    label: 'Google Gemini',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    apiKeyVariable: 'GEMINI_API_KEY',
    baseUrlVariable: 'GEMINI_BASE_URL',
    keyHeaders: (apiKey) => ({ 'x-goog-api-key': apiKey }),
  },
};

/**
 * Every provider variable of the service environment. Only the Agent API (whose LLM proxy
 * injects the keys) may receive them; every other service is started without them.
 */
export const providerEnvironmentVariables: readonly string[] = providerIds.flatMap((id) => [
  providerFacts[id].apiKeyVariable,
  providerFacts[id].baseUrlVariable,
]);

/** True for one of `providerIds`. */
export function isKnownProviderId(value: string): value is KnownProviderId {
  return (providerIds as readonly string[]).includes(value);
}

/**
 * A provider base URL as a person may set it (`/api/models`, an agent's `providers`):
 * http(s), no credentials, query or fragment (keys go in their own field, never a URL that
 * ends up in logs), trailing slashes dropped.
 */
export const providerBaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .max(2048)
  // Runs even after z.url() failed (zod keeps checking), so a bad URL must not throw here.
  .refine((value) => {
    const url = URL.parse(value);
    return !url || (!url.username && !url.password && !url.search && !url.hash);
  }, 'a base URL carries no credentials, query or fragment (keys go in apiKey)')
  .transform((value) => value.replace(/\/+$/, ''));
