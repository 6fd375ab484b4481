import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Items waiting for an agent (a message that arrived while it slept, a reminder due at a
 * time). A heartbeat wakes the agent only when one is due — the check costs no tokens.
 */
export async function up(db: Kysely<unknown>, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('agent_inbox')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull().references('agents.id'))
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('due_at', types.timestamp, (column) => column.notNull())
    .addColumn('run_id', 'text')
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .execute();
  // The agent feed looks for an agent's new runs by creation time.
  await db.schema
    .createIndex('runs_agent_created_idx')
    .on('runs')
    .columns(['agent_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('agent_inbox_due_idx')
    .on('agent_inbox')
    .columns(['agent_id', 'run_id', 'due_at'])
    .execute();
}
