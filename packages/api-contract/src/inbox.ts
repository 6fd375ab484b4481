import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/** `POST /api/agent/agents/:id/inbox`: an item for the agent's next heartbeat. */
export const inboxItemBody = z
  .object({
    /** What the agent should see. */
    text: z.string().trim().min(1).max(20_000),
    /** When the item becomes due; now if absent. */
    dueAt: z.iso.datetime({ offset: true }).optional().describe('When the item becomes due; now if absent.'),
  })
  .strict();

export type InboxItemBody = z.infer<typeof inboxItemBody>;

/** An inbox item: the cheap heartbeat check wakes the agent only when one is due. */
export const inboxItemSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  agentId: z.string(),
  text: z.string(),
  /** When it is due. */
  dueAt: timestampSchema,
  /** The run that took it; null while pending. */
  runId: z.string().nullable(),
  createdAt: timestampSchema,
});

export type InboxItem = z.infer<typeof inboxItemSchema>;

/** `GET /api/agent/agents/:id/inbox`: every item, by due time. */
export const inboxListSchema = z.object({ items: z.array(inboxItemSchema) });
