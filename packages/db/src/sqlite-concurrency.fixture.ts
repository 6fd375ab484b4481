/**
 * One writer process for sqlite-concurrency.test.ts: opens (and migrates) the database
 * given as argv[2], waits until the epoch-ms time argv[5], then runs argv[3] read-modify-write
 * transactions, each appending the next event seq of a shared run. Prints one JSON line: `{committed, failures, messages}`.
 */
import { openDatabase } from './create-database.ts';
import { toJson } from './normalize.ts';

const [path, countText, writer, startAtText] = process.argv.slice(2);
const count = Number(countText);
const handle = await openDatabase({ dialect: 'sqlite', path: path! });
const { db } = handle;
const now = new Date().toISOString();

await db.transaction().execute(async (trx) => {
  await trx
    .insertInto('agents')
    .values({
      id: 'agt_c',
      orgId: 'org_c',
      createdBy: 'usr_c',
      name: 'c',
      instructions: '',
      adapterType: 'pi',
      adapterConfig: toJson({}),
      heartbeat: toJson(null),
      maxConcurrentRuns: 1,
      runTimeoutSec: 60,
      monthlyBudgetUsd: null,
      status: 'active',
      pausedReason: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  await trx
    .insertInto('sessions')
    .values({ id: 'ses_c', orgId: 'org_c', agentId: 'agt_c', harness: 'pi', createdAt: now, updatedAt: now })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  await trx
    .insertInto('runs')
    .values({
      id: 'run_c',
      orgId: 'org_c',
      agentId: 'agt_c',
      sessionId: 'ses_c',
      status: 'running',
      prompt: 'p',
      timeoutSec: 60,
      createdAt: now,
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
});

// Both writers begin together, after both have opened and migrated the database.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtText) - Date.now())));

let committed = 0;
const messages: string[] = [];
for (let index = 0; index < count; index++) {
  try {
    await db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('runEvents')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('runId', '=', 'run_c')
        .executeTakeFirst();
      // Yield to the event loop inside the transaction, as real code does between queries.
      await new Promise((resolve) => setImmediate(resolve));
      const seq = Number(last?.seq ?? 0) + 1;
      await trx
        .insertInto('runEvents')
        .values({
          runId: 'run_c',
          seq,
          type: 'status',
          ts: new Date().toISOString(),
          data: toJson({ writer, index }),
        })
        .execute();
    });
    committed++;
    // Writers in a service are not back to back: leave a gap, as a real event loop does.
    await new Promise((resolve) => setTimeout(resolve, 1));
  } catch (error) {
    messages.push((error as Error).message);
  }
}
await handle.close();
process.stdout.write(
  `${JSON.stringify({ committed, failures: messages.length, messages: messages.slice(0, 5) })}\n`,
);
