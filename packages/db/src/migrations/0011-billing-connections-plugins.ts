import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * The gateway's direct APIs. Billing: each organization's plan and Stripe state, the webhook
 * journal (one row per Stripe event id: processed once), and the meter-event outbox (one row
 * per usage record: reported once, never lost across restarts). OAuth connections: pending
 * authorizations (state and PKCE verifier, one use) and connected accounts with tokens
 * encrypted at rest. Plugins: installed bundles (the archive itself, pinned by checksum, so any
 * instance can unpack it). Agents name the connections and plugins they are granted.
 */
export async function up(db: Kysely<unknown>, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('org_billing')
    .addColumn('org_id', 'text', (column) => column.primaryKey())
    .addColumn('plan_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('stripe_customer_id', 'text', (column) => column.unique())
    .addColumn('stripe_subscription_id', 'text')
    .addColumn('period_start', types.timestamp)
    .addColumn('period_end', types.timestamp)
    .addColumn('cancel_at_period_end', types.boolean, (column) => column.notNull().defaultTo(false))
    .addColumn('subscription_updated_at', types.bigint)
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('billing_webhook_events')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('org_id', 'text')
    .addColumn('received_at', types.timestamp, (column) => column.notNull())
    .addColumn('processed_at', types.timestamp)
    .addColumn('outcome', 'text')
    .execute();

  await db.schema
    .createTable('billing_meter_events')
    .addColumn('usage_record_id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('stripe_customer_id', 'text', (column) => column.notNull())
    .addColumn('value', types.bigint, (column) => column.notNull())
    .addColumn('identifier', 'text', (column) => column.notNull().unique())
    .addColumn('occurred_at', types.timestamp, (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', types.timestamp, (column) => column.notNull())
    .addColumn('claimed_until', types.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addColumn('sent_at', types.timestamp)
    .execute();
  await db.schema
    .createIndex('billing_meter_events_pending_idx')
    .on('billing_meter_events')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('oauth_states')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('code_verifier', 'text', (column) => column.notNull())
    .addColumn('return_to', 'text')
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addColumn('expires_at', types.timestamp, (column) => column.notNull())
    .addColumn('used_at', types.timestamp)
    .execute();

  await db.schema
    .createTable('oauth_connections')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('account', 'text')
    .addColumn('scopes', types.json, (column) => column.notNull())
    .addColumn('access_token', 'text', (column) => column.notNull())
    .addColumn('refresh_token', 'text')
    .addColumn('expires_at', types.timestamp)
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('last_error', 'text')
    .addColumn('version', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .addColumn('refreshed_at', types.timestamp)
    .addColumn('revoked_at', types.timestamp)
    .execute();
  await db.schema
    .createIndex('oauth_connections_org_idx')
    .on('oauth_connections')
    .columns(['org_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('plugins')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('version', 'text', (column) => column.notNull())
    .addColumn('description', 'text')
    .addColumn('format', 'text', (column) => column.notNull())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('npm_spec', 'text')
    .addColumn('checksum', 'text', (column) => column.notNull())
    .addColumn('parts', types.json, (column) => column.notNull())
    .addColumn('config_schema', types.json)
    .addColumn('archive', types.bytes, (column) => column.notNull())
    .addColumn('archive_bytes', 'integer', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addUniqueConstraint('plugins_org_name_version_unique', ['org_id', 'name', 'version'])
    .execute();

  await db.schema
    .alterTable('agents')
    .addColumn('connections', types.json, (column) => column.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('agents')
    .addColumn('plugins', types.json, (column) => column.notNull().defaultTo('[]'))
    .execute();
}
