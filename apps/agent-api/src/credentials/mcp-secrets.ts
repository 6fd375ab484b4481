import { PlatformError } from '@lifeosai/errors';
import type { McpServerConfig } from '@lifeosai/harness-spec';
import { parseSecretRef } from '@lifeosai/secrets';

/** Reads an organization secret; undefined when there is none. */
export type SecretLookup = (name: string) => Promise<string | undefined>;

/** The run's fresh access token of a connection the agent is granted; undefined for any other id. */
export type ConnectionLookup = (id: string) => string | undefined;

/** `connection:ID`, alone or after `Bearer ` (an `Authorization` header). */
const connectionValue = /^(Bearer )?connection:(\S{1,100})$/;

/**
 * The agent's MCP servers with every `secret:NAME` value of their `env` and `headers`
 * replaced by the organization secret's value, for one run (the values then live only in
 * that run's context). `env:` references never get here: agent input refuses them. A missing
 * secret rejects with `SECRET_NOT_FOUND`, naming the secret and the server. `connection:ID` (or
 * `Bearer connection:ID`) becomes the run's access token of that OAuth connection, which the
 * agent must be granted (else `CONNECTION_NOT_FOUND`, naming it and the server).
 */
export async function resolveMcpSecrets(
  servers: Readonly<Record<string, McpServerConfig>>,
  lookup: SecretLookup,
  connections: ConnectionLookup = () => undefined,
): Promise<Record<string, McpServerConfig>> {
  const resolveAll = async (server: string, field: string, values: Readonly<Record<string, string>> = {}) => {
    const resolved: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      const connection = connectionValue.exec(value);
      resolved[key] = connection
        ? `${connection[1] ?? ''}${grantedToken(server, `${field}.${key}`, connection[2]!, connections)}`
        : value.startsWith('secret:')
          ? await reveal(server, `${field}.${key}`, value, lookup)
          : value;
    }
    return resolved;
  };
  const out: Record<string, McpServerConfig> = {};
  for (const [name, server] of Object.entries(servers)) {
    out[name] =
      server.type === 'stdio'
        ? { ...server, env: await resolveAll(name, 'env', server.env) }
        : { ...server, headers: await resolveAll(name, 'headers', server.headers) };
  }
  return out;
}

async function reveal(server: string, field: string, ref: string, lookup: SecretLookup): Promise<string> {
  const { name } = parseSecretRef(ref);
  const value = await lookup(name);
  if (value !== undefined) return value;
  throw new PlatformError(
    'SECRET_NOT_FOUND',
    `The MCP server "${server}" needs the organization secret "${name}" (in ${field}), which does not exist; ` +
      "create it (Settings → Secrets) or change the agent's MCP server.",
    { status: 400 },
  );
}

function grantedToken(server: string, field: string, id: string, connections: ConnectionLookup): string {
  const token = connections(id);
  if (token !== undefined) return token;
  throw new PlatformError(
    'CONNECTION_NOT_FOUND',
    `The MCP server "${server}" uses the connection ${id} (in ${field}), which this agent is not granted; ` +
      "add it to the agent's connections or change the MCP server.",
  );
}
