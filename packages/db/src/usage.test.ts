import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './create-database.ts';
import type { Database } from './schema.ts';
import { seedAgentWithSession } from './test-seeds.ts';
import { usageByDay, utcDaysBetween } from './usage.ts';

interface SeedRun {
  orgId: string;
  agentId: string;
  createdAt: string;
  costUsd: number | null;
  usage?: Record<string, number>;
}

/*
 * Two organizations: org_1 has a writer (agt_w) and a reviewer (agt_r); org_2 has agt_x.
 * Runs straddle midnight UTC on purpose: 23:59:59.999 belongs to its day, 00:00:00.000 to
 * the next.
 */
const seedRuns: SeedRun[] = [
  {
    orgId: 'org_1',
    agentId: 'agt_w',
    createdAt: '2026-03-01T00:00:00.000Z',
    costUsd: 0.1,
    usage: tokens(100, 10),
  },
  {
    orgId: 'org_1',
    agentId: 'agt_w',
    createdAt: '2026-03-01T23:59:59.999Z',
    costUsd: 0.2,
    usage: tokens(200, 20),
  },
  {
    orgId: 'org_1',
    agentId: 'agt_r',
    createdAt: '2026-03-01T12:00:00.000Z',
    costUsd: 0.000123456789,
    usage: tokens(1, 1),
  },
  {
    orgId: 'org_1',
    agentId: 'agt_w',
    createdAt: '2026-03-03T00:00:00.000Z',
    costUsd: 1.5,
    usage: tokens(1000, 500),
  },
  // Still queued: a run, with nothing spent yet.
  { orgId: 'org_1', agentId: 'agt_r', createdAt: '2026-03-03T08:00:00.000Z', costUsd: null },
  {
    orgId: 'org_2',
    agentId: 'agt_x',
    createdAt: '2026-03-02T05:00:00.000Z',
    costUsd: 7,
    usage: tokens(7000, 700),
  },
  // Outside the range on both sides.
  {
    orgId: 'org_1',
    agentId: 'agt_w',
    createdAt: '2026-02-28T23:59:59.999Z',
    costUsd: 100,
    usage: tokens(9, 9),
  },
  {
    orgId: 'org_1',
    agentId: 'agt_w',
    createdAt: '2026-03-04T00:00:00.000Z',
    costUsd: 100,
    usage: tokens(9, 9),
  },
];

function tokens(input: number, output: number): Record<string, number> {
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_input_tokens: 5,
    cache_creation_input_tokens: 0,
  };
}

describe.each(testDialects)('usage by day on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await seed(database.db);
  });
  afterAll(() => database.cleanup());

  it('adds up every day of the range for one organization, zeros where nothing ran', async () => {
    const usage = await usageByDay(database.db, { orgId: 'org_1', from: '2026-03-01', to: '2026-03-03' });
    expect(usage.from).toBe('2026-03-01');
    expect(usage.to).toBe('2026-03-03');
    expect(usage.days.map((day) => day.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(usage.days[0]).toEqual({
      date: '2026-03-01',
      runs: 3,
      costUsd: expect.closeTo(0.300123456789, 12),
      inputTokens: 301,
      outputTokens: 31,
    });
    expect(usage.days[1]).toEqual({
      date: '2026-03-02',
      runs: 0,
      costUsd: 0,
      inputTokens: 0,
      outputTokens: 0,
    });
    expect(usage.days[2]).toEqual({
      date: '2026-03-03',
      runs: 2,
      costUsd: 1.5,
      inputTokens: 1000,
      outputTokens: 500,
    });
    expect(usage.totals).toEqual({
      runs: 5,
      costUsd: expect.closeTo(1.800123456789, 12),
      inputTokens: 1301,
      outputTokens: 531,
    });
    expect(usage.byAgent).toEqual([
      { agentId: 'agt_w', name: 'writer', runs: 3, costUsd: expect.closeTo(1.8, 12) },
      { agentId: 'agt_r', name: 'reviewer', runs: 2, costUsd: expect.closeTo(0.000123456789, 15) },
    ]);
    expect(usage.byOrg).toEqual([{ orgId: 'org_1', runs: 5, costUsd: expect.closeTo(1.800123456789, 12) }]);
  });

  it('keeps organizations apart and adds up the whole instance when no organization is given', async () => {
    const other = await usageByDay(database.db, { orgId: 'org_2', from: '2026-03-01', to: '2026-03-03' });
    expect(other.totals).toEqual({ runs: 1, costUsd: 7, inputTokens: 7000, outputTokens: 700 });
    expect(other.byAgent.map((agent) => agent.agentId)).toEqual(['agt_x']);

    const instance = await usageByDay(database.db, { from: '2026-03-01', to: '2026-03-03' });
    expect(instance.totals.runs).toBe(6);
    expect(instance.totals.inputTokens).toBe(8301);
    expect(instance.days.map((day) => day.runs)).toEqual([3, 1, 2]);
    expect(instance.byOrg).toEqual([
      { orgId: 'org_2', runs: 1, costUsd: 7 },
      { orgId: 'org_1', runs: 5, costUsd: expect.closeTo(1.800123456789, 12) },
    ]);
    expect(instance.byAgent.map((agent) => agent.agentId)).toEqual(['agt_x', 'agt_w', 'agt_r']);
  });

  it('narrows to one agent, and a range without runs is all zeros', async () => {
    const reviewer = await usageByDay(database.db, {
      orgId: 'org_1',
      agentId: 'agt_r',
      from: '2026-03-01',
      to: '2026-03-03',
    });
    expect(reviewer.days.map((day) => day.runs)).toEqual([1, 0, 1]);
    expect(reviewer.byAgent).toEqual([
      { agentId: 'agt_r', name: 'reviewer', runs: 2, costUsd: expect.closeTo(0.000123456789, 15) },
    ]);

    const empty = await usageByDay(database.db, { orgId: 'org_1', from: '2025-12-30', to: '2026-01-02' });
    expect(empty.days.map((day) => day.date)).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ]);
    expect(empty.totals).toEqual({ runs: 0, costUsd: 0, inputTokens: 0, outputTokens: 0 });
    expect(empty.byAgent).toEqual([]);
    expect(empty.byOrg).toEqual([]);
  });

  it.runIf(dialect === 'postgres')('counts UTC days whatever the session time zone', async () => {
    await sql`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'Pacific/Kiritimati'); END $$`.execute(
      database.db,
    );
    const shifted = await openDatabase({ dialect: 'postgres', url: database.location }, { migrate: false });
    try {
      const { rows } = await sql<{ zone: string }>`select current_setting('TimeZone') as zone`.execute(
        shifted.db,
      );
      expect(rows[0]?.zone).toBe('Pacific/Kiritimati');
      const usage = await usageByDay(shifted.db, { orgId: 'org_1', from: '2026-03-01', to: '2026-03-03' });
      expect(usage.days.map((day) => day.runs)).toEqual([3, 0, 2]);
    } finally {
      await shifted.close();
    }
  });
});

describe('UTC days between two dates', () => {
  it('lists every day inclusive, across month and leap-year ends', () => {
    expect(utcDaysBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(utcDaysBetween('2026-05-05', '2026-05-05')).toEqual(['2026-05-05']);
  });

  it.each([
    ['2026-02-30', '2026-03-01'],
    ['2026-3-1', '2026-03-02'],
    ['yesterday', '2026-03-02'],
    ['2026-03-02', '2026-03-01'],
  ])('refuses %s … %s', (from, to) => {
    expect(() => utcDaysBetween(from, to)).toThrow(RangeError);
  });
});

async function seed(db: Kysely<Database>): Promise<void> {
  const agents = [
    { id: 'agt_w', orgId: 'org_1', name: 'writer' },
    { id: 'agt_r', orgId: 'org_1', name: 'reviewer' },
    { id: 'agt_x', orgId: 'org_2', name: 'other org agent' },
  ];
  for (const agent of agents) await seedAgentWithSession(db, agent);
  await db
    .insertInto('runs')
    .values(
      seedRuns.map((run, index) => ({
        id: `run_${index}`,
        orgId: run.orgId,
        agentId: run.agentId,
        sessionId: `ses_${run.agentId}`,
        status: run.costUsd === null ? ('queued' as const) : ('succeeded' as const),
        prompt: 'p',
        timeoutSec: 60,
        createdAt: run.createdAt,
      })),
    )
    .execute();
  // What a run spent is its usage records (here one per run, written an hour after it began).
  const spending = seedRuns.flatMap((run, index) => (run.costUsd === null ? [] : [{ run, index }]));
  await db
    .insertInto('usageRecords')
    .values(
      spending.map(({ run, index }) => ({
        id: `use_${index}`,
        orgId: run.orgId,
        agentId: run.agentId,
        runId: `run_${index}`,
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        inputTokens: run.usage?.input_tokens ?? 0,
        outputTokens: run.usage?.output_tokens ?? 0,
        cacheReadTokens: run.usage?.cache_read_input_tokens ?? 0,
        cacheWriteTokens: 0,
        costUsd: run.costUsd ?? 0,
        costComputed: true,
        createdAt: new Date(Date.parse(run.createdAt) + 3_600_000).toISOString(),
      })),
    )
    .execute();
}
