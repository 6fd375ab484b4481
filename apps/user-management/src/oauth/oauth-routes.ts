import {
  type OAuthConnectionView,
  oauthConnectBody,
  oauthConnectionListSchema,
  oauthConnectSchema,
  oauthProviderListSchema,
} from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { hasRole } from '@lifeosai/identity';
import type { ConnectionRow, OAuthConnections } from '@lifeosai/oauth-connections';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { forbidden } from '../http/errors.ts';
import { callbackUrl } from './callback-url.ts';

const providerParams = z.object({ provider: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

export interface OAuthRouteDeps {
  db: Kysely<Database>;
  oauth: OAuthConnections;
  /** The origin the browser and the providers use (`LIFEOSAI_PUBLIC_URL`, else the web app's). */
  publicOrigin: string;
}

/**
 * `/api/oauth` for members: the configured providers, starting a connection, the organization's
 * connections (never a token) and revoking one (its creator, or an admin or owner).
 */
export function registerOAuthRoutes(scope: FastifyInstance, deps: OAuthRouteDeps): void {
  const { db, oauth } = deps;

  scope.get('/api/oauth/providers', async () =>
    oauthProviderListSchema.parse({
      items: oauth.providers.map(({ id, name, scopes, env }) => ({ id, name, scopes, env })),
    }),
  );

  scope.post('/api/oauth/:provider/connect', async (request) => {
    const { provider } = providerParams.parse(request.params);
    const body = oauthConnectBody.parse(request.body ?? {});
    const url = await oauth.startAuthorization({
      providerId: provider,
      orgId: request.caller.orgId,
      userId: request.caller.userId,
      redirectUri: callbackUrl(deps.publicOrigin, provider),
      returnTo: body.returnTo ?? '/settings/connections',
      ...(body.scopes && { scopes: body.scopes }),
    });
    return oauthConnectSchema.parse({ url });
  });

  scope.get('/api/oauth/connections', async (request) => {
    const { orgId } = request.caller;
    const [rows, grants] = await Promise.all([oauth.list(orgId), grantedAgents(db, orgId)]);
    return oauthConnectionListSchema.parse({
      items: rows.map((row) => toView(row, grants.get(row.id) ?? [])),
    });
  });

  scope.delete('/api/oauth/connections/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { caller } = request;
    const connection = await oauth.get(caller.orgId, id);
    if (connection.createdBy !== caller.userId && !hasRole(caller.role, 'admin')) {
      throw forbidden('Only whoever connected this account, or an admin or owner, may revoke it.');
    }
    const { revokedAtProvider } = await oauth.revoke(caller.orgId, id);
    await audit(db, caller, {
      action: 'oauth_connection.revoked',
      targetType: 'oauth_connection',
      targetId: id,
      data: { provider: connection.provider, revokedAtProvider },
    });
    return reply.status(204).send();
  });
}

/** The connection as the API shows it: what it is and who uses it, never a token. */
function toView(row: ConnectionRow, agents: Array<{ id: string; name: string }>): OAuthConnectionView {
  return {
    id: row.id,
    provider: row.provider,
    account: row.account,
    scopes: row.scopes,
    status: row.status,
    lastError: row.lastError,
    expiresAt: row.expiresAt,
    agents,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

/** The organization's agents by the connections they are granted. */
async function grantedAgents(
  db: Kysely<Database>,
  orgId: string,
): Promise<Map<string, Array<{ id: string; name: string }>>> {
  const agents = await db
    .selectFrom('agents')
    .select(['id', 'name', 'connections'])
    .where('orgId', '=', orgId)
    .where('deletedAt', 'is', null)
    .orderBy('name')
    .execute();
  const byConnection = new Map<string, Array<{ id: string; name: string }>>();
  for (const agent of agents) {
    for (const connectionId of agent.connections) {
      byConnection.set(connectionId, [
        ...(byConnection.get(connectionId) ?? []),
        { id: agent.id, name: agent.name },
      ]);
    }
  }
  return byConnection;
}
