import {
  type ChannelType,
  createSecretBody,
  rotateSecretBody,
  type SecretListItem,
  secretNameSchema,
} from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { isPlatformError, notFound, PlatformError } from '@lifeosai/errors';
import { parseSecretRef, type SecretStore } from '@lifeosai/secrets';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { ProviderId } from '../models/providers.ts';

const nameParams = z.object({ name: secretNameSchema });

/**
 * `/api/secrets`: the organization's stored secrets. Values go in (create, rotate) and never
 * come out: every answer carries names and dates only. Members see the names; admins change them.
 */
export function registerSecretRoutes(
  scope: FastifyInstance,
  deps: { db: Kysely<Database>; store: SecretStore },
): void {
  const { db, store } = deps;

  scope.get('/api/secrets', async (request): Promise<{ items: SecretListItem[] }> => {
    const { orgId } = request.caller;
    const [usedBy, channels, secrets] = await Promise.all([
      providerKeySecrets(db, orgId),
      channelSecrets(db, orgId),
      store.list(orgId),
    ]);
    return {
      items: secrets.map((secret) => ({
        ...secret,
        provider: usedBy.get(secret.name) ?? null,
        channel: channels.get(secret.name) ?? null,
      })),
    };
  });

  scope.post('/api/secrets', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { name, value } = createSecretBody.parse(request.body);
    const summary = await store.create(request.caller.orgId, name, value, request.caller.userId);
    await audit(db, request.caller, { action: 'secret.created', targetType: 'secret', targetId: name });
    return reply.status(201).send(summary);
  });

  scope.put('/api/secrets/:name', { config: { minRole: 'admin' } }, async (request) => {
    const { name } = nameParams.parse(request.params);
    const { value } = rotateSecretBody.parse(request.body);
    await refuseChannelSecret(db, request.caller.orgId, name);
    const summary = await store.rotate(request.caller.orgId, name, value).catch((error: unknown) => {
      throw isPlatformError(error, 'SECRET_NOT_FOUND') ? notFound('secret', name) : error;
    });
    await audit(db, request.caller, { action: 'secret.rotated', targetType: 'secret', targetId: name });
    return summary;
  });

  scope.delete('/api/secrets/:name', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { name } = nameParams.parse(request.params);
    const provider = (await providerKeySecrets(db, request.caller.orgId)).get(name);
    if (provider) {
      throw new PlatformError(
        'SECRET_IN_USE',
        `${name} holds the ${provider} provider's API key; change or remove it in Settings → Model providers ` +
          `(API: PUT or DELETE /api/models/${provider}).`,
      );
    }
    await refuseChannelSecret(db, request.caller.orgId, name);
    if (!(await store.delete(request.caller.orgId, name))) throw notFound('secret', name);
    await audit(db, request.caller, { action: 'secret.deleted', targetType: 'secret', targetId: name });
    return reply.status(204).send();
  });
}

/**
 * Secrets that hold a provider's key (each provider settings row's `secret:NAME`), by name: they
 * belong to Settings → Model providers, which shows them and is where they change.
 */
async function providerKeySecrets(db: Kysely<Database>, orgId: string): Promise<Map<string, ProviderId>> {
  const rows = await db
    .selectFrom('providerSettings')
    .select(['provider', 'apiKeyRef'])
    .where('orgId', '=', orgId)
    .execute();
  return new Map(
    rows.flatMap((row) =>
      row.apiKeyRef?.startsWith('secret:')
        ? [[parseSecretRef(row.apiKeyRef).name, row.provider as ProviderId]]
        : [],
    ),
  );
}

/**
 * A channel's secret changes only with its channel (a new bot token is checked to be the same
 * bot's there): `409 SECRET_IN_USE` here, saying where.
 */
async function refuseChannelSecret(db: Kysely<Database>, orgId: string, name: string): Promise<void> {
  const channel = (await channelSecrets(db, orgId)).get(name);
  if (!channel) return;
  throw new PlatformError(
    'SECRET_IN_USE',
    `${name} belongs to the agent's ${channel.type} channel; change it or disconnect the channel in the agent's Channels section ` +
      `(API: PATCH or DELETE /api/agent/channels/${channel.id}).`,
  );
}

/**
 * Secrets that hold a channel's bot token or webhook secret (the connection rows name them), by
 * name: they belong to the agent's channel, which changes them and removes them when disconnected.
 */
async function channelSecrets(
  db: Kysely<Database>,
  orgId: string,
): Promise<Map<string, NonNullable<SecretListItem['channel']>>> {
  const rows = await db
    .selectFrom('channelConnections')
    .select(['id', 'agentId', 'type', 'tokenSecret', 'webhookSecret'])
    .where('orgId', '=', orgId)
    .execute();
  return new Map(
    rows.flatMap((row) => {
      const channel = { id: row.id, agentId: row.agentId, type: row.type as ChannelType };
      return [row.tokenSecret, row.webhookSecret].flatMap((name) => (name ? [[name, channel] as const] : []));
    }),
  );
}
