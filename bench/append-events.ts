/**
 * Benchmark: appending run events in batches — the hot path of every run — through the
 * data tier (`appendRunEvents` on Kysely) versus the same multi-row INSERTs sent straight to
 * the driver (`node:sqlite` / `pg`), in the same process and run, on SQLite and Postgres.
 *
 *   npm run bench:events -- [--events 20000] [--batch 100] [--rounds 3] [--streamed]
 *
 * Postgres is the embedded server from the test kit with default (durable) settings.
 * `--streamed` appends as a run's streamed events are (`durable: false`; the driver's pool with
 * `synchronous_commit=off`), where the commit no longer waits for the disk and what is left is the
 * statement: with `--batch 3` (a batch while many runs stream) it shows the named statements'
 * gain (decision 0034), the driver sending the same INSERT unnamed as a plain `pg` user would.
 * Each figure is the median of the rounds after a warm-up; which side goes first alternates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { appendRunEvents, type DatabaseHandle, openDatabase, type RunEventInput, toJson } from '@lifeosai/db';
import { createTestDatabase, startTestPostgres } from '@lifeosai/testkit/postgres';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    streamed: { type: 'boolean', default: false },
  },
});
const totalEvents = Number(args.events);
const batchSize = Number(args.batch);
const rounds = Number(args.rounds);
const durable = !args.streamed;

type Appender = (runId: string, batch: RunEventInput[]) => Promise<void>;

function makeEvents(runId: string): RunEventInput[] {
  return Array.from({ length: totalEvents }, (_, index) => {
    const seq = index + 1;
    const data = {
      seq,
      runId,
      sessionId: 'ses_bench',
      agentId: 'agt_bench',
      harness: 'pi',
      ts: new Date().toISOString(),
      type: 'stream_event',
      event: {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: `token ${seq} of a streamed reply ` },
      },
    };
    return { runId, seq, type: 'stream_event', ts: data.ts, data };
  });
}

async function measure(append: Appender, runId: string): Promise<number> {
  const events = makeEvents(runId);
  const started = performance.now();
  for (let start = 0; start < events.length; start += batchSize)
    await append(runId, events.slice(start, start + batchSize));
  return totalEvents / ((performance.now() - started) / 1000);
}

async function seedRun(handle: DatabaseHandle, runId: string): Promise<void> {
  const now = new Date().toISOString();
  const { db } = handle;
  await db
    .insertInto('agents')
    .values({
      id: 'agt_bench',
      orgId: 'org',
      createdBy: 'usr',
      name: 'bench',
      adapterType: 'pi',
      adapterConfig: toJson({}),
      createdAt: now,
      updatedAt: now,
    })
    .onConflict((c) => c.doNothing())
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id: 'ses_bench',
      orgId: 'org',
      agentId: 'agt_bench',
      harness: 'pi',
      createdAt: now,
      updatedAt: now,
    })
    .onConflict((c) => c.doNothing())
    .execute();
  await db
    .insertInto('runs')
    .values({
      id: runId,
      orgId: 'org',
      agentId: 'agt_bench',
      sessionId: 'ses_bench',
      status: 'running',
      prompt: 'bench',
      timeoutSec: 60,
      createdAt: now,
    })
    .execute();
}

function multiRowInsert(rows: number, placeholder: (index: number) => string): string {
  const tuples = Array.from(
    { length: rows },
    (_, row) => `(${[0, 1, 2, 3, 4].map((column) => placeholder(row * 5 + column)).join(', ')})`,
  );
  return `insert into "run_events" ("run_id", "seq", "type", "ts", "data") values ${tuples.join(', ')}`;
}

const flatten = (batch: RunEventInput[]) =>
  batch.flatMap((event) => [event.runId, event.seq, event.type, event.ts, JSON.stringify(event.data)]);

async function compare(label: string, handle: DatabaseHandle, driverAppend: Appender): Promise<void> {
  const ours: number[] = [];
  const direct: number[] = [];
  for (let round = 0; round < rounds + 1; round++) {
    const oursRun = `run_ours_${round}`;
    const directRun = `run_direct_${round}`;
    await seedRun(handle, oursRun);
    await seedRun(handle, directRun);
    const measureOurs = () => measure((_, batch) => appendRunEvents(handle.db, batch, { durable }), oursRun);
    const measureDirect = () => measure(driverAppend, directRun);
    // Alternate which goes first, so neither always meets the bigger table or the warmer cache.
    let oursRate: number;
    let directRate: number;
    if (round % 2 === 0) {
      oursRate = await measureOurs();
      directRate = await measureDirect();
    } else {
      directRate = await measureDirect();
      oursRate = await measureOurs();
    }
    if (round === 0) continue; // warm-up
    ours.push(oursRate);
    direct.push(directRate);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const [oursMedian, directMedian] = [median(ours), median(direct)];
  console.log(
    `${label.padEnd(9)} data tier ${Math.round(oursMedian).toString().padStart(7)} ev/s   driver ${Math.round(directMedian).toString().padStart(7)} ev/s   ratio ${(oursMedian / directMedian).toFixed(2)}`,
  );
}

console.log(
  `append-events: ${totalEvents} events per round, batches of ${batchSize}${durable ? '' : ', streamed (commits not waiting for the disk)'}, median of ${rounds} rounds (Node ${process.version})`,
);

const directory = mkdtempSync(join(tmpdir(), 'lifeosai-bench-'));
try {
  const path = join(directory, 'bench.db');
  const sqliteHandle = await openDatabase({ dialect: 'sqlite', path });
  const raw = new DatabaseSync(path, { timeout: 10_000 });
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  const statements = new Map<number, ReturnType<DatabaseSync['prepare']>>();
  await compare('sqlite', sqliteHandle, async (_, batch) => {
    let statement = statements.get(batch.length);
    if (!statement) {
      statement = raw.prepare(multiRowInsert(batch.length, () => '?'));
      statements.set(batch.length, statement);
    }
    statement.run(...flatten(batch));
  });
  raw.close();
  await sqliteHandle.close();

  const server = await startTestPostgres();
  try {
    const database = await createTestDatabase(server.adminUrl);
    const postgresHandle = await openDatabase({ dialect: 'postgres', url: database.url });
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      ...(!durable && { options: '-c synchronous_commit=off' }),
    });
    await compare('postgres', postgresHandle, async (_, batch) => {
      await pool.query(
        multiRowInsert(batch.length, (index) => `$${index + 1}`),
        flatten(batch),
      );
    });
    await pool.end();
    await postgresHandle.close();
  } finally {
    await server.stop();
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
