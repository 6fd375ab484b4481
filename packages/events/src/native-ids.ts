import { z } from 'zod';

/**
 * The harness's own identifiers for what an event belongs to — what the platform stores
 * to resume, fork or continue the native session later. The platform's own ids live in
 * the envelope; these never replace them. The Claude adapter moves the SDK's
 * `session_id` and `uuid` here instead of leaving them on the body.
 */
export const nativeIdsSchema = z.object({
  /** Native session (conversation) id: Claude's `session_id`, Pi's session id. */
  sessionId: z.string().min(1).optional(),
  /**
   * Native id of this message or transcript entry, usable as a resume/fork point:
   * Claude's message `uuid` (for `resumeSessionAt`), Pi's session entry id.
   */
  messageId: z.string().min(1).optional(),
});

export type NativeIds = z.infer<typeof nativeIdsSchema>;

/** Fields every event body may carry, whatever its type. */
export const bodyBaseShape = {
  /** Native ids needed to resume or fork; absent when the event has none. */
  native: nativeIdsSchema.optional(),
};
