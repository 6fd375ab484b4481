import { idParams, type PushKey, putPushSubscriptionBody } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { deletePushDevice, listPushDevices, putPushDevice } from '../push/push-devices.ts';

/** What the push routes use. */
export interface PushRouteDeps {
  db: Kysely<Database>;
  /** The instance's VAPID public key; absent when push is off (cloud mode without keys). */
  vapidPublicKey?: string;
}

/**
 * A person's devices for Web Push. Devices are personal, like API keys: each caller sees and
 * changes only their own, in whichever organization they act.
 */
export function registerPushRoutes(api: FastifyInstance, deps: PushRouteDeps): void {
  const { db } = deps;

  api.get('/push/key', async (): Promise<PushKey> => {
    if (!deps.vapidPublicKey) throw new PlatformError('PUSH_NOT_CONFIGURED');
    return { publicKey: deps.vapidPublicKey };
  });

  api.get('/push/subscriptions', async (request) => ({
    items: await listPushDevices(db, personOf(request)),
  }));

  api.put('/push/subscriptions', async (request) => {
    const body = putPushSubscriptionBody.parse(request.body ?? {});
    if (!deps.vapidPublicKey) throw new PlatformError('PUSH_NOT_CONFIGURED');
    return putPushDevice(db, personOf(request), body);
  });

  api.delete('/push/subscriptions/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    await deletePushDevice(db, personOf(request), id);
    return reply.status(204).send();
  });
}

/** Devices belong to people: an agent's run token never reaches them (`agentMayCall`), this is belt and braces. */
function personOf(request: FastifyRequest): string {
  if (request.identity.agent) {
    throw new PlatformError('FORBIDDEN', 'Devices for notifications belong to people, not to agents.');
  }
  return request.identity.userId;
}
