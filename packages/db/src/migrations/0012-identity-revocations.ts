import { type Kysely, sql } from 'kysely';
import type { ColumnTypes, DialectName } from './column-types.ts';

/**
 * Identity revocations (issue 17, decision 0022): one row per change that may alter who a
 * credential is — a session ended or moved to another organization, a key revoked, a member
 * removed or given another role, a user banned. The auth service's triggers (see
 * `identity-revocations.ts`) write them; gateways drop their cached identities of that user.
 * `seq` only grows (AUTOINCREMENT on SQLite), so "anything newer than what I applied" is one
 * indexed read. The triggers keep the table to its newest 10,000 rows.
 */
export async function up(db: Kysely<unknown>, _types: ColumnTypes, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`create table identity_revocations (
      seq bigserial primary key,
      user_id text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  } else {
    await sql`create table identity_revocations (
      seq integer primary key autoincrement,
      user_id text not null,
      created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )`.execute(db);
  }
}
