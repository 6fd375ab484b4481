import type { Database } from '@lifeosai/db';
import { resolveSecretRef, type SecretStore } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';
import { credentialsFromEnvironment } from '../credentials/provider-credentials.ts';

/** Secret values to scrub from what agents wrote, and where they came from (counts only). */
export interface KnownSecrets {
  /** The distinct values; never printed. */
  values: string[];
  counts: {
    /** Provider keys in the service environment (`ANTHROPIC_API_KEY`, …). */
    environment: number;
    /** Provider keys organizations stored (`/api/models`: each settings row's key reference). */
    providerKeys: number;
    /** Other stored secrets, with `allSecrets`. */
    otherSecrets: number;
    /** Stored secrets the master key could not decrypt (skipped: a wrong key, or a corrupt row). */
    unreadable: number;
  };
}

/**
 * Every provider key a run could have been given before keys were kept out of the sandbox:
 * the service environment's, and each organization's from its provider settings (a stored
 * secret or an `env:` reference); with `allSecrets`, every stored secret of every organization
 * too (MCP tokens and the like could also have reached an agent's environment).
 */
export async function collectKnownSecrets(options: {
  db: Kysely<Database>;
  store: SecretStore;
  env: Record<string, string | undefined>;
  allSecrets?: boolean;
}): Promise<KnownSecrets> {
  const values = new Set<string>();
  const counts = { environment: 0, providerKeys: 0, otherSecrets: 0, unreadable: 0 };
  for (const credential of Object.values(credentialsFromEnvironment(options.env))) {
    if (credential?.apiKey) {
      values.add(credential.apiKey);
      counts.environment += 1;
    }
  }
  const reveal = async (orgId: string, name: string) =>
    options.store.reveal(orgId, name).catch(() => {
      counts.unreadable += 1;
      return undefined;
    });
  const seen = new Set<string>();
  const settings = await options.db
    .selectFrom('providerSettings')
    .select(['orgId', 'apiKeyRef'])
    .where('apiKeyRef', 'is not', null)
    .execute();
  for (const row of settings) {
    const value = await resolveSecretRef(row.apiKeyRef!, {
      env: options.env,
      lookupStored: (name) => {
        seen.add(`${row.orgId}\n${name}`);
        return reveal(row.orgId, name);
      },
    }).catch(() => undefined);
    if (value) {
      values.add(value);
      counts.providerKeys += 1;
    }
  }
  if (options.allSecrets) {
    const stored = await options.db.selectFrom('secrets').select(['orgId', 'name']).execute();
    for (const { orgId, name } of stored) {
      if (seen.has(`${orgId}\n${name}`)) continue;
      const value = await reveal(orgId, name);
      if (value) {
        values.add(value);
        counts.otherSecrets += 1;
      }
    }
  }
  return { values: [...values], counts };
}
