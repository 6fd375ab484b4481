import type { InboundMessage } from '@lifeosai/channel-spec';
import type { ChannelConnection, ChannelInbound, Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { addPendingSender, findSender } from '../domain/channels/inbound-senders.ts';
import { countSince, hasOutcomeSince, outcomes } from '../domain/channels/journal.ts';
import { pairingCode } from '../domain/pairing-code.ts';
import { replies } from './replies.ts';
import type { ChannelLimits } from './runtime-deps.ts';

/** What the gate decided for one message; `reply` is said once (its key makes it so). */
export type GateDecision =
  | { kind: 'pass' }
  | { kind: 'ignore'; outcome: string; reply?: { key: string; text: string } }
  | { kind: 'await'; reply?: { key: string; text: string }; newSender?: { code: string } };

/** `outcome` words of messages the gate set aside. */
export const gateOutcomes = {
  notAddressed: 'a group message not addressed to the bot',
  notAllowed: 'the sender is not on the allow list',
  denied: 'sender denied',
  senderLimited: 'sender rate limit',
  connectionLimited: 'connection rate limit',
} as const;

/**
 * Whether a message may reach the agent: groups only when the bot is addressed; the sender
 * policy (`pairing`: an unknown sender gets a code once and waits; `allowlist`: only `allow`
 * and approved senders; `open`); then the rate limits, counted from the journal (a message of
 * a sender over its limit, or of a connection over its own, is set aside with one polite
 * reply per window).
 */
export async function gate(
  db: Kysely<Database>,
  connection: ChannelConnection,
  agentName: string,
  row: ChannelInbound,
  message: InboundMessage,
  limits: ChannelLimits,
): Promise<GateDecision> {
  if (message.chat.kind === 'group' && !message.mentioned && !message.command && !message.buttonData) {
    return { kind: 'ignore', outcome: gateOutcomes.notAddressed };
  }
  const allowed = (connection.allow as string[]).includes(row.senderId);
  if (!allowed && connection.senders !== 'open') {
    const known = await findSender(db, connection.id, row.senderId);
    if (known?.status === 'denied') return { kind: 'ignore', outcome: gateOutcomes.denied };
    if (known?.status === 'pending') return { kind: 'await' };
    if (!known && connection.senders === 'allowlist') {
      return {
        kind: 'ignore',
        outcome: gateOutcomes.notAllowed,
        reply: { key: `not-allowed:${row.senderId}`, text: replies.notAllowed },
      };
    }
    if (!known) {
      const { sender, created } = await addPendingSender(
        db,
        connection.id,
        { id: row.senderId, name: row.senderName },
        pairingCode(),
      );
      if (sender.status === 'approved') return limit(db, connection, row, limits);
      return {
        kind: 'await',
        reply: { key: `pairing:${row.senderId}`, text: replies.pairing(sender.code ?? '', agentName) },
        ...(created && { newSender: { code: sender.code ?? '' } }),
      };
    }
  }
  return limit(db, connection, row, limits);
}

async function limit(
  db: Kysely<Database>,
  connection: ChannelConnection,
  row: ChannelInbound,
  limits: ChannelLimits,
): Promise<GateDecision> {
  const since = new Date(new Date(row.receivedAt).getTime() - limits.windowMs).toISOString();
  const window = Math.floor(new Date(row.receivedAt).getTime() / limits.windowMs);
  const senderCount = await countSince(db, connection.id, { since, untilId: row.id }, row.senderId);
  if (senderCount > limits.senderPerWindow) {
    const told = await hasOutcomeSince(db, connection.id, gateOutcomes.senderLimited, since, row.senderId);
    return {
      kind: 'ignore',
      outcome: gateOutcomes.senderLimited,
      ...(!told && {
        reply: {
          key: `limit:${row.senderId}:${window}`,
          text: replies.senderLimited(
            limits.senderPerWindow,
            Math.max(1, Math.round(limits.windowMs / 60_000)),
          ),
        },
      }),
    };
  }
  const connectionCount = await countSince(db, connection.id, { since, untilId: row.id });
  if (connectionCount > limits.connectionPerWindow) {
    const told = await hasOutcomeSince(
      db,
      connection.id,
      gateOutcomes.connectionLimited,
      since,
      row.senderId,
    );
    return {
      kind: 'ignore',
      outcome: gateOutcomes.connectionLimited,
      ...(!told && { reply: { key: `busy:${row.senderId}:${window}`, text: replies.connectionLimited } }),
    };
  }
  return { kind: 'pass' };
}

export { outcomes };
