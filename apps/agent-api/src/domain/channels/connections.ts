import { randomBytes } from 'node:crypto';
import type { CreateChannelBody, PatchChannelBody } from '@lifeosai/api-contract';
import type { ChannelAccount } from '@lifeosai/channel-spec';
import { type ChannelConnection, type Database, newId, nowIso, toJson } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { SecretStore } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';
import type { ChannelRuntime } from '../../channels/channel-runtime.ts';
import { getConnection } from './channel-view.ts';

/** What creating or changing a connection needs besides the database. */
export interface ConnectionDeps {
  db: Kysely<Database>;
  runtime: ChannelRuntime;
  /** The organization's secret store: the bot token and the webhook's secret token live there. */
  secrets: SecretStore;
  /** `LIFEOSAI_PUBLIC_URL`: a webhook needs it to be HTTPS. */
  publicUrl: string | undefined;
}

/**
 * The names of a connection's secrets in its organization's store (the row keeps the names,
 * never the values). `GET /api/secrets` marks them as the channel's, and DELETE refuses them.
 */
export function channelSecretNames(connectionId: string): { token: string; webhook: string } {
  return { token: `channel-${connectionId}-bot-token`, webhook: `channel-${connectionId}-webhook-secret` };
}

function requireWebhookUrl(publicUrl: string | undefined): void {
  if (!publicUrl?.startsWith('https://')) throw new PlatformError('CHANNEL_WEBHOOK_UNAVAILABLE');
}

function accountInUse(account: ChannelAccount): PlatformError {
  return new PlatformError(
    'CHANNEL_ACCOUNT_IN_USE',
    `${account.name} is already connected to an agent on this instance; disconnect it there first (or use another bot).`,
  );
}

/**
 * `POST /agents/:id/channels`: checks the credentials with the network (Telegram `getMe`),
 * stores the token as a secret, then the row. One bot or number per instance: a second
 * connection of the same account is `409 CHANNEL_ACCOUNT_IN_USE`, also when two requests race.
 */
export async function createConnection(
  deps: ConnectionDeps,
  owner: { orgId: string; userId: string; agentId: string },
  input: CreateChannelBody,
): Promise<ChannelConnection> {
  const { db, runtime, secrets } = deps;
  if (!runtime.drivers.has(input.type)) {
    throw new PlatformError(
      'UNAVAILABLE',
      `This instance does not run ${input.type} channels; the operator registers the ${input.type} driver.`,
    );
  }
  const webhook = input.type === 'telegram' && input.webhook === true;
  if (webhook) requireWebhookUrl(deps.publicUrl);
  const account =
    input.type === 'telegram' ? await runtime.verify('telegram', { botToken: input.botToken }) : undefined;
  if (account) {
    const taken = await db
      .selectFrom('channelConnections')
      .select('id')
      .where('type', '=', input.type)
      .where('accountId', '=', account.id)
      .executeTakeFirst();
    if (taken) throw accountInUse(account);
  }
  const id = newId('chn');
  const names = channelSecretNames(id);
  const stored: string[] = [];
  try {
    if (input.type === 'telegram') {
      await secrets.create(owner.orgId, names.token, input.botToken, owner.userId);
      stored.push(names.token);
    }
    if (webhook) {
      await secrets.create(owner.orgId, names.webhook, webhookSecretToken(), owner.userId);
      stored.push(names.webhook);
    }
    const now = nowIso();
    const inserted = await db
      .insertInto('channelConnections')
      .values({
        id,
        orgId: owner.orgId,
        agentId: owner.agentId,
        type: input.type,
        status: input.type === 'whatsapp' ? 'waiting_for_login' : 'connecting',
        enabled: true,
        senders: input.senders ?? 'pairing',
        allow: toJson(input.allow ?? []),
        transport: webhook ? 'webhook' : 'poll',
        tokenSecret: input.type === 'telegram' ? names.token : null,
        webhookSecret: webhook ? names.webhook : null,
        accountId: account?.id ?? null,
        accountName: account?.name ?? null,
        lastError: null,
        lastErrorAt: null,
        leaseOwner: null,
        leaseExpiresAt: null,
        createdBy: owner.userId,
        createdAt: now,
        updatedAt: now,
      })
      // The account's unique index settles a race between two creations of the same bot.
      .onConflict((conflict) => conflict.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw accountInUse(account!);
    return inserted;
  } catch (error) {
    await Promise.all(stored.map((name) => secrets.delete(owner.orgId, name)));
    throw error;
  }
}

/**
 * `PATCH /channels/:id` (a merge patch of `patchChannelBody`). A new bot token is checked with
 * the network and must be the same bot's (another bot is another connection); switching to
 * the webhook needs an HTTPS public URL and makes a secret token, switching back forgets it.
 */
export async function patchConnection(
  deps: ConnectionDeps,
  caller: { orgId: string; userId: string },
  row: ChannelConnection,
  patch: PatchChannelBody,
): Promise<ChannelConnection> {
  const { db, runtime, secrets } = deps;
  if (row.type !== 'telegram' && (patch.botToken !== undefined || patch.webhook !== undefined)) {
    throw new PlatformError(
      'INVALID_REQUEST',
      `A ${row.type} channel has no bot token or webhook; change senders, allow or enabled only.`,
    );
  }
  const names = channelSecretNames(row.id);
  if (patch.webhook === true) requireWebhookUrl(deps.publicUrl);
  if (patch.botToken !== undefined) {
    const account = await runtime.verify(row.type, { botToken: patch.botToken });
    if (row.accountId && account && account.id !== row.accountId) {
      throw new PlatformError(
        'CHANNEL_TOKEN_INVALID',
        `This token is for another bot (${account.name}); paste a token of ${row.accountName ?? 'this channel’s bot'}, or connect the other bot as a new channel.`,
      );
    }
    await secrets.rotate(caller.orgId, names.token, patch.botToken);
  }
  let webhookSecret = row.webhookSecret;
  if (patch.webhook === true && !webhookSecret) {
    await secrets.create(caller.orgId, names.webhook, webhookSecretToken(), caller.userId);
    webhookSecret = names.webhook;
  }
  if (patch.webhook === false && webhookSecret) {
    await secrets.delete(caller.orgId, webhookSecret);
    webhookSecret = null;
  }
  await db
    .updateTable('channelConnections')
    .set({
      ...(patch.senders !== undefined && { senders: patch.senders }),
      ...(patch.allow !== undefined && { allow: toJson(patch.allow) }),
      ...(patch.enabled !== undefined &&
        patch.enabled !== row.enabled && {
          enabled: patch.enabled,
          // Said at once; the runtime reports what happens next (connected, waiting for login, an error).
          status: patch.enabled ? 'connecting' : 'stopped',
        }),
      ...(patch.webhook !== undefined && { transport: patch.webhook ? 'webhook' : 'poll', webhookSecret }),
      updatedAt: nowIso(),
    })
    .where('id', '=', row.id)
    .execute();
  return getConnection(db, caller.orgId, row.id);
}

/**
 * `DELETE /channels/:id`: the connection and everything it kept (chats, senders, the inbound
 * journal, the outbox, its durable state) go in one transaction, then its secrets. The
 * conversations (sessions and runs) stay: they are the agent's.
 */
export async function deleteConnection(
  deps: Pick<ConnectionDeps, 'db' | 'secrets'>,
  row: ChannelConnection,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    for (const table of [
      'channelOutbox',
      'channelInbound',
      'channelSenders',
      'channelChats',
      'channelState',
    ] as const) {
      await trx.deleteFrom(table).where('connectionId', '=', row.id).execute();
    }
    await trx.deleteFrom('channelConnections').where('id', '=', row.id).execute();
  });
  for (const name of [row.tokenSecret, row.webhookSecret]) {
    if (name) await deps.secrets.delete(row.orgId, name);
  }
}

/** Telegram's `secret_token`: 1–256 characters of A–Z, a–z, 0–9, `_` and `-`. */
function webhookSecretToken(): string {
  return randomBytes(32).toString('base64url');
}
