import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Phone: the numbers an agent answers (one agent per number across the instance), the callers
 * it knows (pairing status and the one session each caller continues; a browser caller is
 * `user:<id>`), and every call with its transcript, runs, usage and cost. A call's stream token
 * is stored hashed and used once: it binds Twilio's media stream to the call its webhook admitted.
 */
export async function up(db: Kysely<unknown>, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('phone_numbers')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('number', 'text', (column) => column.notNull().unique())
    .addColumn('callers', 'text', (column) => column.notNull())
    .addColumn('allow', types.json, (column) => column.notNull())
    .addColumn('max_call_seconds', 'integer', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('phone_numbers_agent_idx')
    .on('phone_numbers')
    .columns(['agent_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('phone_callers')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('caller', 'text', (column) => column.notNull())
    .addColumn('phone_number_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('code', 'text')
    .addColumn('session_id', 'text')
    .addColumn('requested_at', types.timestamp, (column) => column.notNull())
    .addColumn('decided_at', types.timestamp)
    .addColumn('decided_by', 'text')
    .addColumn('last_call_at', types.timestamp)
    .addUniqueConstraint('phone_callers_unique', ['agent_id', 'caller'])
    .execute();

  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('phone_number_id', 'text')
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('external_id', 'text')
    .addColumn('caller', 'text', (column) => column.notNull())
    .addColumn('from_number', 'text', (column) => column.notNull())
    .addColumn('to_number', 'text')
    .addColumn('user_id', 'text')
    .addColumn('session_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('end_reason', 'text')
    .addColumn('stream_token_hash', 'text')
    .addColumn('stream_token_expires_at', types.timestamp)
    .addColumn('instance_id', 'text')
    .addColumn('transcript', types.json, (column) => column.notNull())
    .addColumn('run_ids', types.json, (column) => column.notNull())
    .addColumn('voice_provider', 'text')
    .addColumn('voice_usage', types.json)
    .addColumn('voice_cost_usd', types.double)
    .addColumn('cost_usd', types.double)
    .addColumn('started_at', types.timestamp, (column) => column.notNull())
    .addColumn('answered_at', types.timestamp)
    .addColumn('ended_at', types.timestamp)
    .addColumn('duration_sec', 'integer')
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .execute();
  await db.schema.createIndex('calls_agent_idx').on('calls').columns(['agent_id', 'started_at']).execute();
  await db.schema.createIndex('calls_org_idx').on('calls').columns(['org_id', 'started_at']).execute();
  // Twilio may post a call's webhook again (a retry): one call row per CallSid.
  await db.schema
    .createIndex('calls_external_unique')
    .on('calls')
    .columns(['source', 'external_id'])
    .unique()
    .where(sql.ref('external_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('calls_stream_token_idx')
    .on('calls')
    .column('stream_token_hash')
    .where(sql.ref('stream_token_hash'), 'is not', null)
    .execute();
}
