import { z } from 'zod';

/**
 * A note between instances about channels (issue 14). Like run commands, signals are not
 * stored: every instance hears each one (the sender too) and acts only on what is its own.
 * A lost signal costs latency, never a message: the runtime also re-reads the tables on a timer.
 *
 * - `channel.changed`: a connection's row changed (created, patched, deleted); its lease holder
 *   restarts or stops it, and idle instances look for a connection to take.
 * - `channel.work`: something waits for a connection's lease holder (a journaled message, an
 *   outbox entry, a sender decided).
 * - `channel.login`: a connection's status, QR or pairing code, for login watchers anywhere.
 * - `channel.login.replay`: a login watcher started; the holder says the latest QR again.
 * - `channel.pairing.request` / `channel.pairing.reply`: a pairing code asked of the instance
 *   running the connection, and its answer (`code` or words in `error`).
 */
export const channelSignalSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('channel.changed'), connectionId: z.string().min(1) }),
  z.object({ type: z.literal('channel.work'), connectionId: z.string().min(1) }),
  z.object({
    type: z.literal('channel.login'),
    connectionId: z.string().min(1),
    qr: z.string().optional(),
    pairingCode: z.string().optional(),
    status: z.string().optional(),
    lastError: z.string().nullable().optional(),
  }),
  z.object({ type: z.literal('channel.login.replay'), connectionId: z.string().min(1) }),
  z.object({
    type: z.literal('channel.pairing.request'),
    connectionId: z.string().min(1),
    requestId: z.string().min(1),
    phoneNumber: z.string().min(1),
  }),
  z.object({
    type: z.literal('channel.pairing.reply'),
    connectionId: z.string().min(1),
    requestId: z.string().min(1),
    code: z.string().optional(),
    error: z.string().optional(),
  }),
]);

export type ChannelSignal = z.infer<typeof channelSignalSchema>;
