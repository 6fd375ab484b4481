import { z } from 'zod';
import { bodyBaseShape } from './native-ids.ts';

/*
 * Permission prompts are ours, not the SDK's (it has a callback, not a message), so
 * their fields are camelCase like the envelope. Every request is followed by exactly one
 * `permission_resolved` with the same `requestId`, unless the run ends first — the
 * terminal `result` then closes it. A decision the policy makes without asking appears
 * only as `permission_resolved` (`by: 'policy'`), so a person can see why a tool was
 * refused.
 */

/** The harness is waiting for a person to allow or deny a tool call. */
export const permissionRequestEventSchema = z.object({
  ...bodyBaseShape,
  /** Event type. */
  type: z.literal('permission_request'),
  /** Id to answer with `RunHandle.respondToPermission`; unique within the run. */
  requestId: z.string().min(1),
  /** Tool the model wants to call, as named in its `tool_use` block. */
  toolName: z.string().min(1),
  /** The tool input the model proposed. */
  input: z.record(z.string(), z.unknown()),
  /** Id of the `tool_use` block asking, when the harness knows it. */
  toolUseId: z.string().min(1).optional(),
  /** Why the harness asks (e.g. "writes outside the workspace"), when it says. */
  reason: z.string().optional(),
  /** When the request is denied unanswered (ISO 8601), per `permissions.askTimeoutMs`. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

/** A tool call was allowed or denied, by a person, the policy, or a timeout. */
export const permissionResolvedEventSchema = z
  .object({
    ...bodyBaseShape,
    /** Event type. */
    type: z.literal('permission_resolved'),
    /** The request this resolves; a fresh id when the policy decided without asking. */
    requestId: z.string().min(1),
    /** Tool the decision is about. */
    toolName: z.string().min(1),
    /** The outcome. */
    decision: z.enum(['allow', 'deny']),
    /** Who decided: a person, a policy rule or default, or the ask timeout (always `deny`). */
    by: z.enum(['user', 'policy', 'timeout']),
    /** Message the model receives with a denial, when one was given. */
    message: z.string().optional(),
  })
  .refine((resolved) => resolved.by !== 'timeout' || resolved.decision === 'deny', {
    path: ['decision'],
    message: 'must be "deny" when by is "timeout"',
  });

export type PermissionRequestEvent = z.infer<typeof permissionRequestEventSchema>;
export type PermissionResolvedEvent = z.infer<typeof permissionResolvedEventSchema>;
