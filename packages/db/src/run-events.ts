import { CompiledQuery, type Kysely } from 'kysely';
import { toJson } from './normalize.ts';
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

/**
 * Appends a batch of events in one statement per 500 rows — the hot path of every run,
 * called with whatever the event writer buffered, never once per token. A duplicate
 * `(runId, seq)` fails the whole statement: a run's events are never written twice.
 */
export async function appendRunEvents(db: Kysely<Database>, events: readonly RunEventInput[]): Promise<void> {
  for (let start = 0; start < events.length; start += rowsPerStatement) {
    const batch = events.slice(start, start + rowsPerStatement);
    const parameters = batch.flatMap((event) => [
      event.runId,
      event.seq,
      event.type,
      event.ts,
      toJson(event.data),
    ]);
    await db.executeQuery(CompiledQuery.raw(insertSqlFor(db, batch.length), parameters));
  }
}

/**
 * The INSERT text for `rows` events, compiled once per database and row count by the
 * dialect's own compiler (so placeholders are `?` or `$n` as the dialect wants), then
 * reused: building and compiling a 500-parameter query on every batch cost ~25% of the
 * append throughput in bench/append-events.ts.
 */
const insertSqlCache = new WeakMap<Kysely<Database>, Map<number, string>>();

function insertSqlFor(db: Kysely<Database>, rows: number): string {
  let byRows = insertSqlCache.get(db);
  if (!byRows) {
    byRows = new Map();
    insertSqlCache.set(db, byRows);
  }
  let text = byRows.get(rows);
  if (text === undefined) {
    const placeholderRow = { runId: '', seq: 0, type: '', ts: '', data: '' };
    text = db
      .insertInto('runEvents')
      .values(Array.from({ length: rows }, () => placeholderRow))
      .compile().sql;
    byRows.set(rows, text);
  }
  return text;
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
