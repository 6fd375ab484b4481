import { z } from 'zod';

/**
 * An instruction for whichever instance executes a run. Sent on the bus (the request may
 * land on any instance) and acted on only where the run's harness handle lives; every other
 * instance ignores it. Commands are not stored: one lost with a connection is simply not
 * acted on, and the sender sees no confirming event (see `answer-permission.ts`).
 *
 * `permission.answer`: a person's answer to the run's `permission_request` with `requestId`,
 * handed to `RunHandle.respondToPermission`.
 */
export const runCommandSchema = z.object({
  type: z.literal('permission.answer'),
  runId: z.string().min(1),
  requestId: z.string().min(1),
  decision: z.enum(['allow', 'deny']),
  message: z.string().optional(),
});

export type RunCommand = z.infer<typeof runCommandSchema>;
