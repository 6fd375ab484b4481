import type { HarnessEvent } from '@lifeosai/events';
import type { PermissionResponse } from './permission-policy.ts';

/**
 * A live run, returned by `Harness.start`.
 *
 * Why failures are events, not throws: a run's consumer is a loop that persists and
 * streams events. If a crash arrived as an exception, every consumer would need a second
 * path to record it, and a failure after some output would be recorded differently from
 * one before. As events (pi-mono's rule: runtime failures are data), a failed run looks
 * like any other — it just ends with `error` and an error `result` — and "every run ends
 * with exactly one result" holds without exceptions.
 */
export interface RunHandle {
  /**
   * The run's events, in order.
   *
   * Contract:
   * - Single consumer: iterate once. Breaking out of the loop early cancels the run.
   * - Ends with exactly one terminal `result`; nothing follows it.
   * - Never throws for runtime failures (spawn failure, auth error, crash, stall,
   *   timeout, cancel): they become an `error` event followed by a `result` with
   *   `is_error: true` and the same `error_class`. A throw is a harness bug; the
   *   platform then records `error` (`unknown`) and a synthetic result itself.
   * - Bodies only: the platform adds `seq`, ids and timestamps (`withEnvelope`).
   * - A `system`/`init` carrying `native.sessionId` comes before any model output when the
   *   run reaches the model at all.
   * - The process tree is gone by the time the `result` is yielded.
   */
  readonly events: AsyncIterable<HarnessEvent>;

  /**
   * Stops the run and everything it spawned.
   *
   * Contract: never throws or rejects; idempotent — every call resolves once the process
   * tree is gone, within 2 seconds of the first call (escalating from a polite stop to a
   * kill); after the run ended, resolves at once. The stream then ends with `error`
   * (`cancelled`) and a `result` (`error_during_execution`, `error_class: 'cancelled'`),
   * unless the run had already finished. Aborting `RunContext.signal` is the same call.
   */
  cancel(reason?: string): Promise<void>;

  /**
   * Answers a `permission_request`. The harness then emits `permission_resolved`
   * (`by: 'user'`) and lets the tool run or tells the model it was refused.
   *
   * Contract: never throws and never blocks. Returns true when the answer was taken;
   * false when `requestId` is unknown, already answered (a second call for the same id is
   * ignored) or timed out, or the run has ended — races a UI loses, not errors.
   */
  respondToPermission(requestId: string, response: PermissionResponse): boolean;

  /**
   * Sends another user message into the live run, delivered at the harness's next safe
   * point (between model calls). Present exactly when `capabilities.followUp` is true: its
   * presence is the capability, so callers check `handle.sendUserMessage` before calling.
   *
   * Contract: never throws for runtime reasons. Resolves true when the harness queued the
   * message (a `user` event follows when the model receives it), false when the run has
   * already ended or is ending. May be called any number of times; messages keep their order.
   */
  sendUserMessage?(text: string): Promise<boolean>;
}
