import type { ProviderSettings } from '@lifeosai/api-contract';
import { type Database, newId, nowIso, type ProviderSettings as ProviderSettingsRow } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import { parseSecretRef, type SecretStore } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';
import { managedKeySecretName, type ProviderId, providers } from './providers.ts';

/** What the API shows of one provider's settings (the public contract's): never the key, only whether there is one. */
export type ProviderSettingsView = ProviderSettings;

/** A change to one provider's settings; `undefined` fields are left as they are. */
export interface ProviderSettingsChange {
  baseUrl?: string | null;
  defaultModel?: string | null;
  /** A key value: stored (encrypted) as the secret `provider.<id>.apiKey`. */
  apiKey?: string;
  /** Or the name of an existing org secret holding the key; `null` removes the key. */
  apiKeySecret?: string | null;
}

/** The settings row, the resolved key and the base URL requests should use. */
export interface ResolvedProvider {
  baseUrl: string;
  apiKey: string | undefined;
}

/**
 * Provider settings per organization, in `provider_settings`; keys live in the secret store
 * and the row holds only a `secret:NAME` reference (env references are refused: an org admin
 * must not be able to point a key at the gateway's own environment).
 */
export function createProviderSettings(deps: { db: Kysely<Database>; store: SecretStore }) {
  const { db, store } = deps;

  async function row(orgId: string, provider: ProviderId): Promise<ProviderSettingsRow | undefined> {
    return db
      .selectFrom('providerSettings')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('provider', '=', provider)
      .executeTakeFirst();
  }

  async function view(settings: ProviderSettingsRow): Promise<ProviderSettingsView> {
    const provider = settings.provider as ProviderId;
    const secretName = settings.apiKeyRef ? parseSecretRef(settings.apiKeyRef).name : undefined;
    const secrets = secretName ? await store.list(settings.orgId) : [];
    const managed = secretName === managedKeySecretName(provider);
    return {
      provider,
      label: providers[provider].label,
      baseUrl: settings.baseUrl ?? providers[provider].defaultBaseUrl,
      customBaseUrl: settings.baseUrl !== null,
      defaultModel: settings.defaultModel,
      hasKey: secretName !== undefined && secrets.some((secret) => secret.name === secretName),
      keySource: secretName === undefined ? null : managed ? 'stored' : 'secret',
      apiKeySecret: secretName !== undefined && !managed ? secretName : null,
      updatedAt: settings.updatedAt,
    };
  }

  return {
    async list(orgId: string): Promise<ProviderSettingsView[]> {
      const rows = await db
        .selectFrom('providerSettings')
        .selectAll()
        .where('orgId', '=', orgId)
        .orderBy('provider')
        .execute();
      return Promise.all(rows.filter((settings) => settings.provider in providers).map(view));
    },

    async get(orgId: string, provider: ProviderId): Promise<ProviderSettingsView | undefined> {
      const settings = await row(orgId, provider);
      return settings && view(settings);
    },

    async update(
      orgId: string,
      provider: ProviderId,
      change: ProviderSettingsChange,
      userId: string,
    ): Promise<ProviderSettingsView> {
      const existing = await row(orgId, provider);
      const managedName = managedKeySecretName(provider);
      let apiKeyRef = existing?.apiKeyRef ?? null;
      if (change.apiKey !== undefined) {
        const stored = (await store.list(orgId)).some((secret) => secret.name === managedName);
        if (stored) await store.rotate(orgId, managedName, change.apiKey);
        else await store.create(orgId, managedName, change.apiKey, userId);
        apiKeyRef = `secret:${managedName}`;
      } else if (change.apiKeySecret !== undefined) {
        if (change.apiKeySecret !== null) {
          const exists = (await store.list(orgId)).some((secret) => secret.name === change.apiKeySecret);
          if (!exists) {
            throw new PlatformError(
              'SECRET_NOT_FOUND',
              `There is no secret named "${change.apiKeySecret}" in this organization; create it first.`,
              { status: 400 },
            );
          }
        }
        apiKeyRef = change.apiKeySecret === null ? null : `secret:${change.apiKeySecret}`;
      }
      const now = nowIso();
      const values = {
        baseUrl: change.baseUrl === undefined ? (existing?.baseUrl ?? null) : change.baseUrl,
        defaultModel:
          change.defaultModel === undefined ? (existing?.defaultModel ?? null) : change.defaultModel,
        apiKeyRef,
        updatedBy: userId,
        updatedAt: now,
      };
      const saved = await db
        .insertInto('providerSettings')
        .values({ id: newId('prv'), orgId, provider, createdAt: now, ...values })
        .onConflict((conflict) => conflict.columns(['orgId', 'provider']).doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      // A stored key that is no longer referenced would be a secret nobody uses.
      if (apiKeyRef !== `secret:${managedName}` && existing?.apiKeyRef === `secret:${managedName}`) {
        await store.delete(orgId, managedName);
      }
      return view(saved);
    },

    /** Removes the settings and the key stored for them; false when there were none. */
    async remove(orgId: string, provider: ProviderId): Promise<boolean> {
      const deleted = await db
        .deleteFrom('providerSettings')
        .where('orgId', '=', orgId)
        .where('provider', '=', provider)
        .executeTakeFirst();
      await store.delete(orgId, managedKeySecretName(provider));
      return deleted.numDeletedRows > 0n;
    },

    /** The base URL and decrypted key requests to this provider should use. */
    async resolve(orgId: string, provider: ProviderId): Promise<ResolvedProvider | undefined> {
      const settings = await row(orgId, provider);
      if (!settings) return undefined;
      const secretName = settings.apiKeyRef ? parseSecretRef(settings.apiKeyRef).name : undefined;
      return {
        baseUrl: settings.baseUrl ?? providers[provider].defaultBaseUrl,
        apiKey: secretName ? await store.reveal(orgId, secretName) : undefined,
      };
    },
  };
}

export type ProviderSettingsService = ReturnType<typeof createProviderSettings>;
