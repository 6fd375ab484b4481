import { z } from 'zod';

/**
 * Why a run (or a step of it) failed, in terms a caller can act on. Adapters classify
 * native failures into exactly one of these:
 * - `auth` — missing, invalid or unauthorized credentials (HTTP 401/403).
 * - `rate_limit` — the provider throttled us (HTTP 429).
 * - `overloaded` — the provider is overloaded or failing (HTTP 529/5xx).
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
