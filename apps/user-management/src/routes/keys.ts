import { type CreatedApiKey, createKeyBody } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { AuthApi } from '../identity/auth-api.ts';
import type { AuthDirectory } from '../identity/auth-directory.ts';
import { sessionCaller } from '../identity/session-caller.ts';

const idParams = z.object({ id: z.string().min(1).max(200) });

/**
 * `/api/keys`: the caller's API keys in the active organization (each key acts in the
 * organization it was created in). The key itself is in the creation answer only. Revocation
 * is effective on the next request: the gateway never caches what an API key resolves to.
 */
export function registerKeyRoutes(
  scope: FastifyInstance,
  deps: { db: Kysely<Database>; directory: AuthDirectory; authApi: AuthApi },
): void {
  const { db, directory, authApi } = deps;

  scope.get('/api/keys', async (request) => ({
    items: await directory.apiKeys(request.caller.userId, request.caller.orgId),
  }));

  scope.post('/api/keys', async (request, reply) => {
    const { name, expiresInDays } = createKeyBody.parse(request.body);
    const created = await authApi.post<{ id: string; key: string; start?: string | null }>(
      '/api-key/create',
      sessionCaller(request),
      {
        name,
        metadata: { organizationId: request.caller.orgId },
        ...(expiresInDays && { expiresIn: expiresInDays * 86_400 }),
      },
    );
    await audit(db, request.caller, {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: created.id,
    });
    const view = (await directory.apiKeys(request.caller.userId, request.caller.orgId)).find(
      (key) => key.id === created.id,
    );
    const answer: CreatedApiKey = {
      id: created.id,
      start: created.start ?? null,
      enabled: true,
      createdAt: null,
      expiresAt: null,
      lastRequest: null,
      ...view,
      name,
      key: created.key,
    };
    return reply.status(201).send(answer);
  });

  scope.delete('/api/keys/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const mine = await directory.apiKeys(request.caller.userId, request.caller.orgId);
    if (!mine.some((key) => key.id === id)) throw notFound('API key', id);
    await authApi.post('/api-key/delete', sessionCaller(request), { keyId: id });
    await audit(db, request.caller, { action: 'api_key.revoked', targetType: 'api_key', targetId: id });
    return reply.status(204).send();
  });
}
