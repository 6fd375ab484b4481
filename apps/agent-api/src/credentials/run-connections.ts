import { PlatformError } from '@lifeosai/errors';
import type { FreshToken } from '@lifeosai/oauth-connections';
import type { ConnectionLookup } from './mcp-secrets.ts';

/**
 * A fresh access token of one of the organization's connections (refreshed when needed).
 * Contract: rejects with `CONNECTION_UNAVAILABLE` (revoked, refresh refused) or
 * `CONNECTION_NOT_FOUND`, naming the connection; never logs the token.
 */
export type ConnectionTokenSource = (orgId: string, connectionId: string) => Promise<FreshToken>;

/** What a run gets of its agent's granted connections. */
export interface RunConnections {
  /** Variables for the run's processes: each token under the agent's names for it, else its provider's variable. */
  env: Record<string, string>;
  /** The token of a granted connection, for `connection:ID` values of MCP servers. */
  tokenOf: ConnectionLookup;
}

const none: RunConnections = { env: {}, tokenOf: () => undefined };

/**
 * Fresh tokens for every connection the agent is granted, placed as the agent's
 * `adapterConfig.env` says (`NAME: "connection:ID"`; a connection it does not name goes in its
 * provider's variable, e.g. `GITHUB_TOKEN`). The run cannot start without all of them: a revoked
 * or failed connection rejects (`CONNECTION_UNAVAILABLE`, naming it), as does a variable two
 * connections would share or one naming a connection not granted. A run that quietly lacked a
 * credential its agent was given would fail later in ways no one could trace back.
 */
export async function runConnections(
  source: ConnectionTokenSource | undefined,
  orgId: string,
  granted: readonly string[],
  envNames: Readonly<Record<string, string>> = {},
): Promise<RunConnections> {
  for (const [name, value] of Object.entries(envNames)) {
    const id = value.slice('connection:'.length);
    if (!granted.includes(id)) {
      throw new PlatformError(
        'CONNECTION_NOT_FOUND',
        `The agent's environment variable ${name} names the connection ${id}, which it is not granted; ` +
          "add it to the agent's connections or remove the variable.",
      );
    }
  }
  if (granted.length === 0) return none;
  if (!source) {
    throw new PlatformError(
      'CONNECTION_UNAVAILABLE',
      'This agent is granted OAuth connections, but this Agent API has no OAuth providers configured (oauthProviders).',
    );
  }
  const tokens = new Map<string, FreshToken>();
  for (const [id, token] of await Promise.all(
    granted.map(async (id) => [id, await source(orgId, id)] as const),
  )) {
    tokens.set(id, token);
  }
  const env: Record<string, string> = {};
  const placedBy = new Map<string, string>();
  for (const [id, token] of tokens) {
    const named = Object.keys(envNames).filter((name) => envNames[name] === `connection:${id}`);
    for (const name of named.length > 0 ? named : [token.env]) {
      const other = placedBy.get(name);
      if (other) {
        throw new PlatformError(
          'CONNECTION_UNAVAILABLE',
          `The connections ${other} and ${id} would both go in ${name}; name a variable for each in the agent's ` +
            'environment (adapterConfig.env, e.g. "WORK_GITHUB_TOKEN": "connection:ID").',
        );
      }
      placedBy.set(name, id);
      env[name] = token.accessToken;
    }
  }
  return { env, tokenOf: (id) => tokens.get(id)?.accessToken };
}
