import { type Kysely, sql } from 'kysely';
import type { ColumnTypes, DialectName } from './column-types.ts';

/** The core domain: agents, sessions, wakes, runs and their events, usage, files, secrets, audit. */
export async function up(db: Kysely<unknown>, types: ColumnTypes, dialect: DialectName): Promise<void> {
  const { timestamp, json, boolean, bigint, double } = types;

  await db.schema
    .createTable('agents')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('instructions', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('adapter_type', 'text', (column) => column.notNull())
    .addColumn('adapter_config', json, (column) => column.notNull())
    .addColumn('heartbeat', json)
    .addColumn('max_concurrent_runs', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('run_timeout_sec', 'integer', (column) => column.notNull().defaultTo(1800))
    .addColumn('monthly_budget_usd', double)
    .addColumn('status', 'text', (column) => column.notNull().defaultTo('active'))
    .addColumn('paused_reason', 'text')
    .addColumn('created_at', timestamp, (column) => column.notNull())
    .addColumn('updated_at', timestamp, (column) => column.notNull())
    .addColumn('deleted_at', timestamp)
    .execute();
  await db.schema.createIndex('agents_org_idx').on('agents').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull().references('agents.id'))
    .addColumn('harness', 'text', (column) => column.notNull())
    .addColumn('native_session_id', 'text')
    .addColumn('title', 'text')
    .addColumn('created_at', timestamp, (column) => column.notNull())
    .addColumn('updated_at', timestamp, (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('sessions_agent_idx')
    .on('sessions')
    .columns(['agent_id', 'updated_at'])
    .execute();

  await db.schema
    .createTable('wake_requests')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull().references('agents.id'))
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('idempotency_key', 'text', (column) => column.notNull())
    .addColumn('payload', json, (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('run_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', timestamp, (column) => column.notNull())
    .addColumn('processed_at', timestamp)
    .addUniqueConstraint('wake_requests_idempotency_unique', ['agent_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('wake_requests_status_idx')
    .on('wake_requests')
    .columns(['status', 'created_at'])
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull().references('agents.id'))
    .addColumn('session_id', 'text', (column) => column.notNull().references('sessions.id'))
    .addColumn('wake_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('prompt', 'text', (column) => column.notNull())
    .addColumn('attempt', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('max_attempts', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('timeout_sec', 'integer', (column) => column.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', timestamp)
    .addColumn('cancel_requested', boolean, (column) => column.notNull().defaultTo(false))
    .addColumn('error', json)
    .addColumn('usage', json)
    .addColumn('cost_usd', double)
    .addColumn('cost_computed', boolean, (column) => column.notNull().defaultTo(false))
    .addColumn('created_at', timestamp, (column) => column.notNull())
    .addColumn('started_at', timestamp)
    .addColumn('finished_at', timestamp)
    .execute();
  await db.schema.createIndex('runs_status_idx').on('runs').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('runs_agent_idx').on('runs').columns(['agent_id', 'status']).execute();
  await db.schema.createIndex('runs_session_idx').on('runs').columns(['session_id', 'created_at']).execute();
  await db.schema.createIndex('runs_org_idx').on('runs').columns(['org_id', 'id']).execute();

  await db.schema
    .createTable('run_events')
    .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('ts', timestamp, (column) => column.notNull())
    .addColumn('data', json, (column) => column.notNull())
    .addPrimaryKeyConstraint('run_events_pk', ['run_id', 'seq'])
    .modifyEnd(dialect === 'sqlite' ? sqlWithoutRowid : sqlNothing)
    .execute();

  await db.schema
    .createTable('usage_records')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('run_id', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('model', 'text', (column) => column.notNull())
    .addColumn('input_tokens', bigint, (column) => column.notNull().defaultTo(0))
    .addColumn('output_tokens', bigint, (column) => column.notNull().defaultTo(0))
    .addColumn('cache_read_tokens', bigint, (column) => column.notNull().defaultTo(0))
    .addColumn('cache_write_tokens', bigint, (column) => column.notNull().defaultTo(0))
    .addColumn('cost_usd', double, (column) => column.notNull().defaultTo(0))
    .addColumn('cost_computed', boolean, (column) => column.notNull().defaultTo(false))
    .addColumn('created_at', timestamp, (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('usage_org_time_idx')
    .on('usage_records')
    .columns(['org_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('usage_agent_time_idx')
    .on('usage_records')
    .columns(['agent_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('size', bigint, (column) => column.notNull())
    .addColumn('sha256', 'text', (column) => column.notNull())
    .addColumn('content_type', 'text', (column) => column.notNull())
    .addColumn('storage_key', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', timestamp, (column) => column.notNull())
    .addUniqueConstraint('files_org_name_unique', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('secrets')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('ciphertext', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', timestamp, (column) => column.notNull())
    .addColumn('updated_at', timestamp, (column) => column.notNull())
    .addUniqueConstraint('secrets_org_name_unique', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (column) =>
      dialect === 'postgres'
        ? column.primaryKey().generatedAlwaysAsIdentity()
        : column.primaryKey().autoIncrement(),
    )
    .addColumn('org_id', 'text')
    .addColumn('actor_type', 'text', (column) => column.notNull())
    .addColumn('actor_id', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('data', json, (column) => column.notNull())
    .addColumn('created_at', timestamp, (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('audit_org_time_idx')
    .on('audit_log')
    .columns(['org_id', 'created_at'])
    .execute();
}

/** Events are looked up only by (run_id, seq): cluster them on it and skip the rowid. */
const sqlWithoutRowid = sql`without rowid`;
const sqlNothing = sql``;
