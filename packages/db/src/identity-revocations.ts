import { type Kysely, sql } from 'kysely';
import type { DialectName } from './migrations/column-types.ts';

/**
 * Identity revocations (decision 0022). Gateways cache who a cookie or an API key is; every
 * change that may alter that answer is written, by database triggers on better-auth's tables, as
 * a row of `identity_revocations` naming the user — and on Postgres also sent as a NOTIFY on
 * `identityRevocationsChannel` (`{"seq":n,"userId":"…"}`: no credential, only the user's id).
 * Triggers catch every writer (better-auth's endpoints, the gateway's admin routes, scripts),
 * inside the writer's own transaction: a revocation exists exactly when its change committed.
 */
export const identityRevocationsChannel = 'lifeosai_identity_revocations';

/** How many rows the triggers keep; a reader further behind than this drops everything. */
export const identityRevocationsKept = 10_000;

/** A table of better-auth's whose rows decide identities, and what in them does. */
interface WatchedTable {
  table: 'user' | 'session' | 'member' | 'apikey';
  /** The column naming the user the row belongs to. */
  userColumn: string;
  /** Columns whose change alters an identity (an update of others revokes nothing). */
  columns: string[];
  /** Whether a new row changes an existing identity (a membership can: the session's organization). */
  onInsert: boolean;
}

const watchedTables: WatchedTable[] = [
  // Banned, instance role, name and email are in the identity; the personal organization is its fallback.
  {
    table: 'user',
    userColumn: 'id',
    columns: ['email', 'name', 'role', 'banned', 'personalOrganizationId'],
    onInsert: false,
  },
  // Sign-out and revocations delete; switching organization updates `activeOrganizationId`.
  {
    table: 'session',
    userColumn: 'userId',
    columns: ['token', 'userId', 'expiresAt', 'activeOrganizationId'],
    onInsert: false,
  },
  { table: 'member', userColumn: 'userId', columns: ['role', 'userId', 'organizationId'], onInsert: true },
  // Not `lastRequest` and the usage counters: those change on use, not who the key is.
  {
    table: 'apikey',
    userColumn: 'referenceId',
    columns: ['key', 'enabled', 'expiresAt', 'metadata', 'referenceId'],
    onInsert: false,
  },
];

const quoted = (name: string) => `"${name}"`;

/**
 * Installs (or replaces) the triggers; idempotent. The auth service runs it after better-auth's
 * migrations (its tables must exist) and after the platform's (`identity_revocations` must).
 * `db` is any query builder on the database; only raw SQL is sent.
 */
export async function installIdentityRevocationTriggers(
  db: Kysely<unknown>,
  dialect: DialectName,
): Promise<void> {
  const statements =
    dialect === 'postgres' ? postgresTriggerStatements() : watchedTables.flatMap(sqliteTriggerStatements);
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Whether the triggers are in place: a gateway caches nothing before they are. */
export async function identityRevocationTriggersInstalled(
  db: Kysely<unknown>,
  dialect: DialectName,
): Promise<boolean> {
  const expected = watchedTables.flatMap(triggerNames).length;
  const query =
    dialect === 'postgres'
      ? sql<{ count: string | number }>`select count(*) as count from pg_trigger
          where not tgisinternal and tgname like 'lifeosai_revoke_%'`
      : sql<{ count: string | number }>`select count(*) as count from sqlite_master
          where type = 'trigger' and name like 'lifeosai_revoke_%'`;
  const { rows } = await query.execute(db);
  return Number(rows[0]?.count ?? 0) >= expected;
}

/** One revocation: the user whose cached identities are void. */
export interface IdentityRevocation {
  seq: number;
  userId: string;
}

/** The newest revocation's `seq` (0 when there is none). One indexed read. */
export async function latestIdentityRevocation(db: Kysely<unknown>): Promise<number> {
  const { rows } = await sql<{
    seq: string | number | null;
  }>`select max(seq) as seq from identity_revocations`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}

/** A synchronous read of the newest revocation's `seq` (see `openLatestRevocationReader`). */
export interface LatestRevocationReader {
  /** `max(seq)` now: what every connection has committed. Throws when the read fails. */
  latest(): number;
  close(): void;
}

/**
 * SQLite only: the newest revocation read on a read-only connection of its own, through one
 * prepared statement — a few microseconds and no `await`, where the same read through Kysely
 * and the shared connection's queue cost the gateway ~14% of its CPU per proxied request.
 * WAL lets it read beside the writer; it sees what is committed, nothing of a transaction in
 * flight on the shared connection. Undefined for an in-memory database (no file to open).
 */
export async function openLatestRevocationReader(
  db: Kysely<unknown>,
): Promise<LatestRevocationReader | undefined> {
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  if (!file) return undefined;
  const { DatabaseSync } = await import('node:sqlite');
  const connection = new DatabaseSync(file, { readOnly: true });
  try {
    const statement = connection.prepare('select max(seq) as seq from identity_revocations');
    return {
      latest: () => Number((statement.get() as { seq: number | null } | undefined)?.seq ?? 0),
      close: () => connection.close(),
    };
  } catch (error) {
    connection.close();
    throw error;
  }
}

/** Revocations after `seq`, oldest first, at most `limit`. */
export async function identityRevocationsAfter(
  db: Kysely<unknown>,
  seq: number,
  limit: number,
): Promise<IdentityRevocation[]> {
  const { rows } = await sql<{ seq: string | number; user_id: string; userId?: string }>`
    select seq, user_id from identity_revocations where seq > ${seq} order by seq limit ${limit}`.execute(db);
  // Through the platform's CamelCasePlugin the column comes back as `userId`.
  return rows.map((row) => ({ seq: Number(row.seq), userId: row.userId ?? row.user_id }));
}

function triggerNames({ table, onInsert }: WatchedTable): string[] {
  return [
    `lifeosai_revoke_${table}_update`,
    `lifeosai_revoke_${table}_delete`,
    ...(onInsert ? [`lifeosai_revoke_${table}_insert`] : []),
  ];
}

function changedCondition(columns: string[], distinct: (column: string) => string): string {
  return columns.map(distinct).join(' or ');
}

/** SQLite: the trigger body writes the rows itself (no NOTIFY: the gateway reads the table). */
function sqliteTriggerStatements(watched: WatchedTable): string[] {
  const { table, userColumn: user, columns, onInsert } = watched;
  const prune = `delete from identity_revocations where seq <= (select max(seq) from identity_revocations) - ${identityRevocationsKept};`;
  const insert = (row: 'OLD' | 'NEW') =>
    `insert into identity_revocations (user_id) values (${row}.${quoted(user)});`;
  const statements = [
    [
      `create trigger lifeosai_revoke_${table}_update after update of ${columns.map(quoted).join(', ')}`,
      `on ${quoted(table)} for each row`,
      `when ${changedCondition(columns, (column) => `OLD.${quoted(column)} is not NEW.${quoted(column)}`)}`,
      `begin ${insert('OLD')}`,
      `insert into identity_revocations (user_id) select NEW.${quoted(user)} where NEW.${quoted(user)} is not OLD.${quoted(user)};`,
      `${prune} end`,
    ].join(' '),
    `create trigger lifeosai_revoke_${table}_delete after delete on ${quoted(table)} for each row begin ${insert('OLD')} ${prune} end`,
    ...(onInsert
      ? [
          `create trigger lifeosai_revoke_${table}_insert after insert on ${quoted(table)} for each row begin ${insert('NEW')} ${prune} end`,
        ]
      : []),
  ];
  // SQLite has no "create or replace trigger": drop first, so a changed definition takes.
  return [...triggerNames(watched).map((name) => `drop trigger if exists ${name}`), ...statements];
}

/** Postgres: one function for every table (its argument names the user column), rows + NOTIFY. */
function postgresTriggerStatements(): string[] {
  const revoke = `create or replace function lifeosai_identity_revoked() returns trigger language plpgsql as $body$
declare
  user_column text := TG_ARGV[0];
  old_user text;
  new_user text;
  revoked text;
  next_seq bigint;
begin
  if TG_OP <> 'INSERT' then old_user := to_jsonb(OLD) ->> user_column; end if;
  if TG_OP <> 'DELETE' then new_user := to_jsonb(NEW) ->> user_column; end if;
  foreach revoked in array array_remove(array[old_user, case when new_user is distinct from old_user then new_user end], null) loop
    insert into identity_revocations (user_id) values (revoked) returning seq into next_seq;
    perform pg_notify('${identityRevocationsChannel}', json_build_object('seq', next_seq, 'userId', revoked)::text);
  end loop;
  if next_seq is not null then
    delete from identity_revocations where seq <= next_seq - ${identityRevocationsKept};
  end if;
  return null;
end
$body$`;
  return [
    revoke,
    ...watchedTables.flatMap(({ table, userColumn, columns, onInsert }) => {
      const run = `for each row execute function lifeosai_identity_revoked('${userColumn}')`;
      const changed = changedCondition(
        columns,
        (column) => `OLD.${quoted(column)} is distinct from NEW.${quoted(column)}`,
      );
      return [
        `create or replace trigger lifeosai_revoke_${table}_update after update of ${columns.map(quoted).join(', ')} on ${quoted(table)} for each row when (${changed}) execute function lifeosai_identity_revoked('${userColumn}')`,
        `create or replace trigger lifeosai_revoke_${table}_delete after delete on ${quoted(table)} ${run}`,
        ...(onInsert
          ? [
              `create or replace trigger lifeosai_revoke_${table}_insert after insert on ${quoted(table)} ${run}`,
            ]
          : []),
      ];
    }),
  ];
}
