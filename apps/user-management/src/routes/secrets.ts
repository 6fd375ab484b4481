import { createSecretBody, rotateSecretBody, secretNameSchema } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { isPlatformError, notFound } from '@lifeosai/errors';
import type { SecretStore } from '@lifeosai/secrets';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit.ts';

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

  scope.get('/api/secrets', async (request) => ({ items: await store.list(request.caller.orgId) }));

  scope.post('/api/secrets', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { name, value } = createSecretBody.parse(request.body);
    const summary = await store.create(request.caller.orgId, name, value, request.caller.userId);
    await audit(db, request.caller, { action: 'secret.created', targetType: 'secret', targetId: name });
    return reply.status(201).send(summary);
  });

  scope.put('/api/secrets/:name', { config: { minRole: 'admin' } }, async (request) => {
    const { name } = nameParams.parse(request.params);
    const { value } = rotateSecretBody.parse(request.body);
    const summary = await store.rotate(request.caller.orgId, name, value).catch((error: unknown) => {
      throw isPlatformError(error, 'SECRET_NOT_FOUND') ? notFound('secret', name) : error;
    });
    await audit(db, request.caller, { action: 'secret.rotated', targetType: 'secret', targetId: name });
    return summary;
  });

  scope.delete('/api/secrets/:name', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { name } = nameParams.parse(request.params);
    if (!(await store.delete(request.caller.orgId, name))) throw notFound('secret', name);
    await audit(db, request.caller, { action: 'secret.deleted', targetType: 'secret', targetId: name });
    return reply.status(204).send();
  });
}
