import { type Kysely, sql } from 'kysely';

/**
 * Conversations people own (issue 13). Runs record their trigger — how and by whom they were
 * started (`kind` user/api/heartbeat/channel/phone, `by`, `byName`) — and sessions the trigger
 * of their first run, with `author_id`: the user who started it (null when no person did —
 * heartbeat, channel, phone). Agents get `visibility` (`private` or `organization`), which
 * decides who reads their conversations.
 *
 * Backfill: nothing older recorded who started a run. A run whose wake came from a heartbeat,
 * a channel or a phone call takes that kind; every other run (the API's `manual`/`message`
 * wakes) becomes `user` with no `by`. Old sessions take their first run's kind and have no
 * author, so under `private` only the agent's creator and the organization's admins read them
 * — the safe side, as the names are unknown. Existing agents become `private`: members reading
 * each other's conversations was the bug this fixes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['runs', 'sessions']) {
    await db.schema
      .alterTable(table)
      .addColumn('trigger_kind', 'text', (column) => column.notNull().defaultTo('user'))
      .execute();
    await db.schema.alterTable(table).addColumn('trigger_by', 'text').execute();
    await db.schema.alterTable(table).addColumn('trigger_by_name', 'text').execute();
  }
  await db.schema.alterTable('sessions').addColumn('author_id', 'text').execute();
  await db.schema
    .alterTable('agents')
    .addColumn('visibility', 'text', (column) => column.notNull().defaultTo('private'))
    .execute();

  await sql`
    update runs set trigger_kind = (select source from wake_requests where wake_requests.id = runs.wake_id)
    where exists (select 1 from wake_requests where wake_requests.id = runs.wake_id
      and wake_requests.source in ('heartbeat', 'channel', 'phone'))`.execute(db);
  await sql`
    update sessions set trigger_kind = (
      select runs.trigger_kind from runs where runs.session_id = sessions.id order by runs.id limit 1)
    where exists (select 1 from runs where runs.session_id = sessions.id)`.execute(db);

  // The conversation list: an agent's sessions, narrowed to one author for a private agent.
  await db.schema
    .createIndex('sessions_agent_author_idx')
    .on('sessions')
    .columns(['agent_id', 'author_id'])
    .execute();
}
