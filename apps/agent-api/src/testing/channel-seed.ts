import type { InboundMessage } from '@lifeosai/channel-spec';
import { type ChannelConnection, type Database, newId, nowIso, toJson } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/**
 * Inserts a channel connection straight into its table (the channel routes create them through
 * the API; runtime tests start below it).
 */
export async function seedConnection(
  db: Kysely<Database>,
  of: { orgId: string; agentId: string },
  overrides: Partial<
    Pick<ChannelConnection, 'type' | 'senders' | 'transport' | 'tokenSecret' | 'webhookSecret' | 'enabled'>
  > & {
    allow?: string[];
  } = {},
): Promise<string> {
  const id = newId('chn');
  const now = nowIso();
  await db
    .insertInto('channelConnections')
    .values({
      id,
      orgId: of.orgId,
      agentId: of.agentId,
      type: overrides.type ?? 'fakechat',
      status: 'connecting',
      enabled: overrides.enabled ?? true,
      senders: overrides.senders ?? 'open',
      allow: toJson(overrides.allow ?? []),
      transport: overrides.transport ?? 'poll',
      tokenSecret: overrides.tokenSecret ?? null,
      webhookSecret: overrides.webhookSecret ?? null,
      createdBy: 'usr_alice',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return id;
}

let counter = 0;

/** A private (or group) text message from `sender` in `chat`, with a fresh network id. */
export function inbound(
  text: string,
  options: { chat?: string; sender?: string; group?: boolean; mentioned?: boolean; id?: string } = {},
): InboundMessage {
  const sender = options.sender ?? '1001';
  const chat = options.chat ?? sender;
  counter++;
  const command = /^\/(\w+)\s*(.*)$/s.exec(text);
  return {
    networkMessageId: options.id ?? `${chat}:${Date.now()}-${counter}`,
    chat: {
      id: chat,
      kind: options.group ? 'group' : 'private',
      ...(options.group && { title: 'The group' }),
    },
    sender: { id: sender, name: `Person ${sender}` },
    text,
    mentioned: options.mentioned ?? !options.group,
    ...(command && { command: { name: command[1]!.toLowerCase(), args: command[2] ?? '' } }),
    sentAt: new Date().toISOString(),
  };
}
