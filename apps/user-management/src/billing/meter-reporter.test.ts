import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { seedOrgBilling, seedUsageRecord } from '@lifeosai/billing/testing';
import { type DatabaseHandle, openDatabase } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { type FakeStripe, startFakeStripe } from '@lifeosai/testkit/fake-stripe';
import { freePort } from '@lifeosai/testkit/ports';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMeterReporter, type MeterReporterOptions } from './meter-reporter.ts';

const secretKey = 'sk_test_meter_reporter_secret';
const entry = fileURLToPath(new URL('./meter-reporter-process.ts', import.meta.url));
const eventName = 'lifeosai_usage';

describe.each(testDialects)('usage meter reporter on %s', (dialect) => {
  let database: TestDatabase;
  let fake: FakeStripe;
  let org = 0;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fake = await startFakeStripe();
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(async () => {
    await fake?.close();
    await database?.cleanup();
  });

  const reporterOptions = (overrides: Partial<MeterReporterOptions> = {}): MeterReporterOptions => ({
    db: database.db,
    dialect,
    stripe: new Stripe(secretKey, { ...fake.clientOptions(), maxNetworkRetries: 0 }),
    eventName,
    backoff: { baseMs: 0, maxMs: 0 },
    ...overrides,
  });

  /** A subscribed organization with `count` usage records of $0.000123 × (i+1); their ids. */
  const subscribedUsage = async (count: number) => {
    const orgId = `org_meter_${dialect}_${++org}`;
    await seedOrgBilling(database.db, { orgId });
    const ids: string[] = [];
    for (let index = 0; index < count; index++)
      ids.push(await seedUsageRecord(database.db, { orgId, costUsd: 0.000123 * (index + 1) }));
    return { orgId, ids };
  };

  /** The fake's record of each identifier of `ids`. */
  const reported = (ids: string[]) =>
    ids.map((id) => fake.meterEvents().find((record) => record.identifier === `lifeosai_${id}`));

  const rowsOf = (ids: string[]) =>
    database.db
      .selectFrom('billingMeterEvents')
      .selectAll()
      .where('usageRecordId', 'in', ids)
      .orderBy('usageRecordId')
      .execute();

  it("reports each subscribed organization's usage record once, in micro-USD, and nothing else", async () => {
    const { orgId, ids } = await subscribedUsage(2);
    const unsubscribed = await seedUsageRecord(database.db, { orgId: `org_free_${dialect}`, costUsd: 5 });
    const beforePeriod = await seedUsageRecord(database.db, {
      orgId,
      costUsd: 5,
      createdAt: new Date(Date.now() - 60 * 86_400_000).toISOString(),
    });
    const reporter = createMeterReporter(reporterOptions());
    expect(await reporter.pass()).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
    expect(await reporter.pass()).toEqual({ enqueued: 0, sent: 0, retrying: 0, failed: 0 });

    const [first, second] = reported(ids);
    expect(first).toMatchObject({ accepted: 1, duplicatesRejected: 0 });
    expect(first!.events[0]).toMatchObject({
      event_name: eventName,
      payload: { stripe_customer_id: `cus_${orgId}`, value: '123' },
    });
    expect(second!.events[0]!.payload.value).toBe('246');
    expect(reported([unsubscribed, beforePeriod])).toEqual([undefined, undefined]);
    const requests = fake.requests.filter((request) => request.path === '/v1/billing/meter_events');
    expect(requests.map((request) => request.idempotencyKey).sort()).toEqual(
      ids.map((id) => `lifeosai_${id}`).sort(),
    );
    expect((await rowsOf(ids)).map((row) => [row.status, row.attempts, row.value])).toEqual(
      ids.map((_, index) => ['sent', 1, 123 * (index + 1)]).sort((a, b) => Number(a[2]) - Number(b[2])),
    );
  });

  it('counts "already exists" for its identifier as sent; keeps what Stripe refuses, and what it never reached, as failed', async () => {
    const { orgId, ids } = await subscribedUsage(1);
    // Stripe has the event already (sent before a crash, answer lost).
    await new Stripe(secretKey, fake.clientOptions()).billing.meterEvents.create({
      event_name: eventName,
      identifier: `lifeosai_${ids[0]}`,
      payload: { stripe_customer_id: `cus_${orgId}`, value: '123' },
    });
    // Stripe refuses a timestamp older than 35 days (a period that began long ago).
    await seedOrgBilling(database.db, {
      orgId,
      period: {
        start: new Date(Date.now() - 50 * 86_400_000).toISOString(),
        end: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const old = await seedUsageRecord(database.db, {
      orgId,
      costUsd: 1,
      createdAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
    });
    const reporter = createMeterReporter(reporterOptions());
    expect(await reporter.pass()).toMatchObject({ sent: 1, failed: 1 });
    expect(reported(ids)[0]).toMatchObject({ accepted: 1, duplicatesRejected: 1 });
    const [oldRow] = await rowsOf([old]);
    expect(oldRow).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(
        /^StripeInvalidRequestError: .*Timestamp must be within the past 35 calendar days/,
      ),
    });

    // Stripe unreachable: retried with backoff, then failed with the last error (no key in it).
    const unreachable = await freePort();
    const { ids: lost } = await subscribedUsage(1);
    const offline = createMeterReporter(
      reporterOptions({
        stripe: new Stripe(secretKey, {
          host: '127.0.0.1',
          port: unreachable,
          protocol: 'http',
          telemetry: false,
          maxNetworkRetries: 0,
        }),
        maxAttempts: 2,
      }),
    );
    expect(await offline.pass()).toMatchObject({ retrying: 1 });
    expect((await rowsOf(lost))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(/^StripeConnectionError/),
    });
    expect(await offline.pass()).toMatchObject({ failed: 1 });
    const [failed] = await rowsOf(lost);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    expect(failed!.lastError).not.toContain(secretKey);
  });

  it('meter events exactly once across a kill -9 between recording and reporting', async () => {
    const { ids } = await subscribedUsage(3);
    fake.holdMeterEvents();
    try {
      const first = await startReporterProcess(database, fake.apiBase, children);
      // Stripe has received (and recorded) every request; the answers never reach the reporter.
      await expect.poll(() => fake.heldCount(), { timeout: 10_000 }).toBe(3);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      expect((await rowsOf(ids)).every((row) => row.status === 'pending')).toBe(true);

      await startReporterProcess(database, fake.apiBase, children);
      fake.release();
      await expect
        .poll(async () => (await rowsOf(ids)).map((row) => row.status), { timeout: 10_000 })
        .toEqual(['sent', 'sent', 'sent']);
    } finally {
      fake.release();
    }
    expect(reported(ids).map((record) => [record?.accepted, record?.events[0]?.payload.value])).toEqual([
      [1, '123'],
      [1, '246'],
      [1, '369'],
    ]);
  });

  it('meter events exactly once across a kill -9 after claiming, before Stripe heard of them', async () => {
    // A Stripe that takes the connection and never answers: the rows are claimed, never received.
    const silent = await silentServer();
    try {
      const { ids } = await subscribedUsage(2);
      const first = await startReporterProcess(
        database,
        `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        children,
      );
      await expect
        .poll(async () => (await rowsOf(ids)).map((row) => row.attempts), { timeout: 10_000 })
        .toEqual([1, 1]);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      expect(reported(ids)).toEqual([undefined, undefined]);

      await startReporterProcess(database, fake.apiBase, children);
      await expect
        .poll(async () => (await rowsOf(ids)).map((row) => row.status), { timeout: 10_000 })
        .toEqual(['sent', 'sent']);
      expect(reported(ids).map((record) => record?.accepted)).toEqual([1, 1]);
    } finally {
      silent.close();
    }
  });

  it('two reporters at once never both send a row', async () => {
    const { ids } = await subscribedUsage(30);
    const second: DatabaseHandle = await openDatabase(
      dialect === 'postgres' ? { dialect, url: database.location } : { dialect, path: database.location },
      { migrate: false },
    );
    try {
      const sentBefore = fake.requests.filter(
        (request) => request.path === '/v1/billing/meter_events',
      ).length;
      const options = { batchSize: 4, concurrency: 2 };
      const reporters = [
        createMeterReporter(reporterOptions(options)),
        createMeterReporter(reporterOptions({ ...options, db: second.db })),
      ];
      const passes = await Promise.all(reporters.map((reporter) => reporter.pass()));
      expect(passes.reduce((sum, pass) => sum + pass.sent, 0)).toBe(30);
      const sent =
        fake.requests.filter((request) => request.path === '/v1/billing/meter_events').length - sentBefore;
      expect(sent).toBe(30);
      expect(reported(ids).every((record) => record?.accepted === 1 && record.duplicatesRejected === 0)).toBe(
        true,
      );
    } finally {
      await second.close();
    }
  });
});

async function startReporterProcess(
  database: TestDatabase,
  apiBase: string,
  children: ChildProcess[],
): Promise<ChildProcess> {
  const target =
    database.dialect === 'postgres'
      ? { dialect: 'postgres', url: database.location }
      : { dialect: 'sqlite', path: database.location };
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH ?? '',
      LIFEOSAI_METER_TEST_DB: JSON.stringify(target),
      LIFEOSAI_METER_TEST_LEASE_MS: '500',
      STRIPE_API_BASE: apiBase,
      STRIPE_SECRET_KEY: secretKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('meter reporter ready')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`the meter reporter exited:\n${output}`)));
  });
  return child;
}

/** A server that accepts connections and never answers. */
async function silentServer(): Promise<Server> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
