import { z } from 'zod';

/**
 * Why a run (or a step of it) failed, in terms a caller can act on. Adapters classify
 * native failures into exactly one of these:
 * - `auth` — missing, invalid or unauthorized credentials (HTTP 401/403).
 * - `rate_limit` — the provider throttled us (HTTP 429).
 * - `overloaded` — the provider is overloaded or failing (HTTP 529/5xx).
 * - `provider_unreachable` — the provider could not be reached at all (connection refused, no
 *   such host, TLS, the LLM proxy's `PROVIDER_UNREACHABLE`); the message names the base URL.
 * - `invalid_request` — the provider rejected the request as malformed (HTTP 400).
 * - `context_overflow` — the conversation no longer fits the model's context window.
 * - `spawn_failed` — the harness process or runtime could not be started.
 * - `process_exit` — the harness process exited without a final result.
 * - `stall_timeout` — no event arrived for `limits.stallTimeoutMs`.
 * - `timeout` — the run exceeded `limits.runTimeoutMs`.
 * - `cancelled` — the run was cancelled (`cancel()` or the run's `AbortSignal`).
 * - `budget_exceeded` — the platform's LLM proxy refused a model call because the run's agent
 *   spent its budget, and the platform ended the run (never chosen by a harness itself).
 * - `unknown` — none of the above; the message says what is known.
 */
export const errorClassSchema = z.enum([
  'auth',
  'rate_limit',
  'overloaded',
  'provider_unreachable',
  'invalid_request',
  'context_overflow',
  'spawn_failed',
  'process_exit',
  'stall_timeout',
  'timeout',
  'cancelled',
  'budget_exceeded',
  'unknown',
]);

export type ErrorClass = z.infer<typeof errorClassSchema>;

/**
 * The classes where running the same request again later may succeed: the provider was busy,
 * throttled or out of reach, or the harness process died or went silent — conditions that pass.
 * Not the rest: a bad key, a malformed or oversized request, a cancel, a spent budget or a
 * failed start stay as they are until someone changes something; a run that hit its time limit
 * would hit it again; and for `unknown` nobody can say a retry helps, so a caller that retries
 * only `retryable` failures never loops on an error it does not understand.
 */
const retryableClasses: ReadonlySet<ErrorClass> = new Set<ErrorClass>([
  'rate_limit',
  'overloaded',
  'provider_unreachable',
  'process_exit',
  'stall_timeout',
]);

/** Whether a failure of this class may succeed when the same request is run again later. */
export function isRetryable(errorClass: ErrorClass): boolean {
  return retryableClasses.has(errorClass);
}

/**
 * The class of a provider's HTTP error status, by the rule of the list above: 401/403 `auth`,
 * 429 `rate_limit`, 413 `context_overflow`, 5xx (529 included) `overloaded`, any other 4xx
 * `invalid_request`; undefined for anything else. One rule for every harness that reads a
 * status out of its runtime's error text.
 */
export function errorClassOfStatus(status: number): ErrorClass | undefined {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 413) return 'context_overflow';
  if (status >= 500 && status <= 599) return 'overloaded';
  if (status >= 400 && status <= 499) return 'invalid_request';
  return undefined;
}

/**
 * Whether a failure's text says the provider could not be reached at all, in the words the
 * runtimes and the LLM proxy use: the proxy's `PROVIDER_UNREACHABLE` answer, Claude Code's
 * "Connection error", Node's connect and name-resolution codes. One rule for every harness, so
 * a dead provider is the same class whichever runtime hit it. A connection that was open and
 * then dropped (`ECONNRESET`, "socket hang up") is not here: the provider was reached and the
 * stream cut, which is a truncated answer, not an unreachable provider.
 */
export function isUnreachableProviderMessage(text: string): boolean {
  return /PROVIDER_UNREACHABLE|LLM proxy could not reach|Connection error|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|getaddrinfo|connect ETIMEDOUT|fetch failed/i.test(
    text,
  );
}

/** The same failure's message, naming the base URL when the runtime's own words do not. */
export function unreachableProviderMessage(text: string, baseUrl: string | undefined): string {
  if (!baseUrl || /https?:\/\//.test(text)) return text;
  return `${text.replace(/\.?\s*$/, '')} (the provider API at ${baseUrl} could not be reached; check the base URL and that the server is running).`;
}
