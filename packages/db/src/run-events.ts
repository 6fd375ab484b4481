import { CompiledQuery, type Kysely, PostgresAdapter } from 'kysely';
import { toJson } from './normalize.ts';
import { preparedOnPostgres } from './prepared-statements.ts';
import type { Database, RunEvent } from './schema.ts';

/** One event to persist: the unified event itself plus the columns it is found by. */
export interface RunEventInput {
  runId: string;
  seq: number;
  type: string;
  ts: string;
  data: Record<string, unknown>;
}

/**
 * Rows per INSERT statement. Five parameters a row; 500 rows stay far below both
 * SQLite's and Postgres's parameter limits while keeping a statement per batch.
 */
const rowsPerStatement = 500;

/** How a batch of events is committed. */
export interface AppendOptions {
  /**
   * Wait for the commit to reach the disk before resolving (default true). `false` commits on
   * Postgres with `synchronous_commit = off` for this statement only: the rows are visible and
   * ordered at once, and on the disk within Postgres's WAL writer delay (or at the next durable
   * commit, which flushes everything before it). A database crash can lose the last moments of
   * such rows, never reorder or half-write them. What a run streams is written so (decision
   * 0028); its ending is not. SQLite ignores it (its WAL commits wait for no fsync here).
   */
  durable?: boolean;
}

/**
 * Appends a batch of events in one statement per 500 rows — the hot path of every run,
 * called with whatever the event writer buffered, never once per token. A duplicate
 * `(runId, seq)` fails the whole statement: a run's events are never written twice.
 */
export async function appendRunEvents(
  db: Kysely<Database>,
  events: readonly RunEventInput[],
  options: AppendOptions = {},
): Promise<void> {
  const durable = options.durable ?? true;
  for (let start = 0; start < events.length; start += rowsPerStatement) {
    const batch = events.slice(start, start + rowsPerStatement);
    const parameters = batch.flatMap((event) => [
      event.runId,
      event.seq,
      event.type,
      event.ts,
      toJson(event.data),
    ]);
    await db.executeQuery(CompiledQuery.raw(insertSqlFor(db, batch.length, durable), parameters));
  }
}

/**
 * The INSERT text for `rows` events, compiled once per database, row count and commit mode by
 * the dialect's own compiler (so placeholders are `?` or `$n` as the dialect wants), then
 * reused: building and compiling a 500-parameter query on every batch cost ~25% of the
 * append throughput in bench/append-events.ts.
 *
 * A Postgres statement that need not wait for the disk sets `synchronous_commit` for its own
 * implicit transaction (`set_config(…, true)` lasts until that commit, which reads it): one
 * round trip, as a durable one, where `begin; set local …; insert; commit` would take four.
 * The setting is made in a materialized CTE, evaluated once because `returning` names it.
 */
const insertSqlCache = new WeakMap<Kysely<Database>, Map<string, string>>();

/** Batches of at most this many rows are sent as named statements on Postgres (see `preparedOnPostgres`). */
const preparedRowsAtMost = 32;

function insertSqlFor(db: Kysely<Database>, rows: number, durable: boolean): string {
  let byRows = insertSqlCache.get(db);
  if (!byRows) {
    byRows = new Map();
    insertSqlCache.set(db, byRows);
  }
  const key = `${rows}:${durable}`;
  let text = byRows.get(key);
  if (text === undefined) {
    const placeholderRow = { runId: '', seq: 0, type: '', ts: '', data: '' };
    text = db
      .insertInto('runEvents')
      .values(Array.from({ length: rows }, () => placeholderRow))
      .compile().sql;
    if (!durable && isPostgres(db)) {
      text =
        "with commit_mode as materialized (select set_config('synchronous_commit', 'off', true) as mode) " +
        `${text} returning (select mode from commit_mode)`;
    }
    // The usual batches (a few rows while many runs stream) by name on Postgres: parsed once
    // per connection. A long batch is rare and its statement large; it is parsed each time.
    if (rows <= preparedRowsAtMost && isPostgres(db)) preparedOnPostgres(text);
    byRows.set(key, text);
  }
  return text;
}

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Events of a run with `seq > after`, in order, at most `limit`. */
export function listRunEvents(
  db: Kysely<Database>,
  runId: string,
  options: { after?: number; limit?: number } = {},
): Promise<RunEvent[]> {
  return db
    .selectFrom('runEvents')
    .selectAll()
    .where('runId', '=', runId)
    .where('seq', '>', options.after ?? 0)
    .orderBy('seq')
    .limit(options.limit ?? 1000)
    .execute();
}

/** The highest stored seq of a run (0 before its first event): where the next event goes. */
export async function lastRunEventSeq(db: Kysely<Database>, runId: string): Promise<number> {
  const row = await db
    .selectFrom('runEvents')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('runId', '=', runId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
