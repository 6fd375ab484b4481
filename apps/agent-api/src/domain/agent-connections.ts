import type { CreateAgentInput } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';

const connectionValue = /^(?:Bearer )?connection:(\S{1,100})$/;

/** Every `connection:ID` the agent's config names: its environment and its MCP servers' env and headers. */
function namedConnections(adapterConfig: Record<string, unknown>): Array<{ where: string; id: string }> {
  const named: Array<{ where: string; id: string }> = [];
  const scan = (where: string, values: unknown) => {
    if (!values || typeof values !== 'object') return;
    for (const [key, value] of Object.entries(values)) {
      const match = typeof value === 'string' ? connectionValue.exec(value) : null;
      if (match) named.push({ where: `${where}.${key}`, id: match[1]! });
    }
  };
  scan('adapterConfig.env', adapterConfig.env);
  const servers = adapterConfig.mcpServers;
  if (servers && typeof servers === 'object') {
    for (const [name, server] of Object.entries(servers as Record<string, Record<string, unknown>>)) {
      scan(`adapterConfig.mcpServers.${name}.env`, server?.env);
      scan(`adapterConfig.mcpServers.${name}.headers`, server?.headers);
    }
  }
  return named;
}

/**
 * Checks an agent's `connections` as it is saved: every id newly granted is an active connection
 * of the organization (unknown or foreign: `404 CONNECTION_NOT_FOUND`; revoked or failed: `409
 * CONNECTION_UNAVAILABLE`), and every `connection:ID` its config names is one it is granted
 * (`400 INVALID_ADAPTER_CONFIG`). Ids granted before stay whatever became of them, so an agent
 * whose connection later failed can still be renamed; its runs say what is wrong.
 */
export async function checkAgentConnections(
  db: Kysely<Database>,
  orgId: string,
  input: Pick<CreateAgentInput, 'connections' | 'adapterConfig'>,
  previouslyGranted: readonly string[] = [],
): Promise<void> {
  const granted = new Set(input.connections ?? []);
  for (const { where, id } of namedConnections(input.adapterConfig)) {
    if (!granted.has(id)) {
      throw new PlatformError(
        'INVALID_ADAPTER_CONFIG',
        `${where} names the connection ${id}, which the agent is not granted; add it to the agent's connections.`,
      );
    }
  }
  const added = [...granted].filter((id) => !previouslyGranted.includes(id));
  if (added.length === 0) return;
  const rows = await db
    .selectFrom('oauthConnections')
    .select(['id', 'provider', 'status'])
    .where('orgId', '=', orgId)
    .where('id', 'in', added)
    .execute();
  for (const id of added) {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) {
      throw new PlatformError(
        'CONNECTION_NOT_FOUND',
        `No connection ${id} in this organization; connect the account in Settings → Connections (GET /api/oauth/connections lists them).`,
      );
    }
    if (row.status !== 'active') {
      throw new PlatformError(
        'CONNECTION_UNAVAILABLE',
        `The ${row.provider} connection ${id} is ${row.status}; reconnect it in Settings → Connections before granting it.`,
      );
    }
  }
}
