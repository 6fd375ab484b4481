import type { ChannelStateStore } from '@lifeosai/channel-spec';
import type { Database } from '@lifeosai/db';
import type { SecretCipher } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';

/**
 * A connection's durable state (WhatsApp's auth state) in `channel_state`, every value
 * encrypted under the platform's master key and bound to its connection and key (AAD), so a
 * value copied onto another row does not decrypt.
 */
export function createChannelStateStore(
  db: Kysely<Database>,
  cipher: SecretCipher,
  connectionId: string,
): ChannelStateStore {
  const aad = (key: string) => JSON.stringify(['channel-state', connectionId, key]);
  return {
    async get(keys) {
      if (keys.length === 0) return {};
      const rows = await db
        .selectFrom('channelState')
        .select(['key', 'value'])
        .where('connectionId', '=', connectionId)
        .where('key', 'in', [...keys])
        .execute();
      return Object.fromEntries(rows.map((row) => [row.key, cipher.decrypt(row.value, aad(row.key))]));
    },
    async set(entries) {
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        for (const [key, value] of Object.entries(entries)) {
          if (value === null) {
            await trx
              .deleteFrom('channelState')
              .where('connectionId', '=', connectionId)
              .where('key', '=', key)
              .execute();
            continue;
          }
          const encrypted = cipher.encrypt(value, aad(key));
          await trx
            .insertInto('channelState')
            .values({ connectionId, key, value: encrypted, updatedAt: now })
            .onConflict((conflict) =>
              conflict.columns(['connectionId', 'key']).doUpdateSet({ value: encrypted, updatedAt: now }),
            )
            .execute();
        }
      });
    },
    async clear() {
      await db.deleteFrom('channelState').where('connectionId', '=', connectionId).execute();
    },
  };
}
