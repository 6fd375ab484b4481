import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Each organization's LLM provider settings (`/api/models`): base URL, default model and a
 * reference to the API key (`secret:NAME` or `env:NAME`), never the key itself.
 */
export async function up(db: Kysely<unknown>, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('provider_settings')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('base_url', 'text')
    .addColumn('default_model', 'text')
    .addColumn('api_key_ref', 'text')
    .addColumn('updated_by', 'text', (column) => column.notNull())
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .addUniqueConstraint('provider_settings_org_provider_unique', ['org_id', 'provider'])
    .execute();
}
