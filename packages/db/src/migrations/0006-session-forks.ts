import type { Kysely } from 'kysely';

/**
 * Forked conversations. A fork is a new session whose conversation begins with its source
 * session's, up to and including one run. The platform keeps a reference (never a copy of the
 * runs): the source session and run it was forked at, and the native session and message its
 * first run asks the harness to fork (`SessionState` `fork`). All null on a session that was
 * never forked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'forked_from_session_id',
    'forked_at_run_id',
    'fork_native_session_id',
    'fork_at_message_id',
  ]) {
    await db.schema.alterTable('sessions').addColumn(column, 'text').execute();
  }
}
