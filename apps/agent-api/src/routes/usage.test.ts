import { usageReportSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import type { Database } from '@lifeosai/db';
import { testDialects } from '@lifeosai/testkit/databases';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgent } from '../testing/seed.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

const dayMs = 86_400_000;
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * dayMs).toISOString().slice(0, 10);

describe.each(testDialects)('usage over time on %s', (dialect) => {
  let platform: TestPlatform;
  let writer: string;
  let reviewer: string;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
    const { db } = platform.database;
    const writerSeed = await seedAgent(db, { orgId: alice.orgId });
    const reviewerSeed = await seedAgent(db, { orgId: alice.orgId });
    const foreignSeed = await seedAgent(db, { orgId: mallory.orgId });
    writer = writerSeed.agentId;
    reviewer = reviewerSeed.agentId;
    await db.updateTable('agents').set({ name: 'reviewer' }).where('id', '=', reviewer).execute();
    await insertFinishedRuns(db, [
      [writerSeed, '2020-04-01T09:00:00.000Z', 0.25, 1000, 100],
      [writerSeed, '2020-04-01T23:59:59.999Z', 0.5, 2000, 200],
      [reviewerSeed, '2020-04-03T00:00:00.000Z', 0.125, 10, 1],
      [foreignSeed, '2020-04-02T12:00:00.000Z', 99, 99_999, 9_999],
      // The edges of the default range: 29 days ago is in it, 30 days ago is not.
      [writerSeed, `${utcDay(-29)}T00:00:00.000Z`, 1, 1, 1],
      [writerSeed, `${utcDay(-30)}T12:00:00.000Z`, 1000, 1, 1],
    ]);
  }, 60_000);
  afterAll(() => platform?.close());

  it("adds up the caller's organization per day, zero-filled, with totals and agents", async () => {
    const response = await platform.call('GET', '/api/agent/usage?from=2020-03-31&to=2020-04-03');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      from: '2020-03-31',
      to: '2020-04-03',
      days: [
        { date: '2020-03-31', runs: 0, costUsd: 0, inputTokens: 0, outputTokens: 0 },
        { date: '2020-04-01', runs: 2, costUsd: 0.75, inputTokens: 3000, outputTokens: 300 },
        { date: '2020-04-02', runs: 0, costUsd: 0, inputTokens: 0, outputTokens: 0 },
        { date: '2020-04-03', runs: 1, costUsd: 0.125, inputTokens: 10, outputTokens: 1 },
      ],
      totals: { runs: 3, costUsd: 0.875, inputTokens: 3010, outputTokens: 301 },
      byAgent: [
        { agentId: writer, name: 'test agent', runs: 2, costUsd: 0.75 },
        { agentId: reviewer, name: 'reviewer', runs: 1, costUsd: 0.125 },
      ],
    });
    expectContract(usageReportSchema, response.body);

    const oneAgent = await platform.call(
      'GET',
      `/api/agent/usage?from=2020-04-01&to=2020-04-03&agentId=${reviewer}`,
    );
    expect(oneAgent.body.totals).toEqual({ runs: 1, costUsd: 0.125, inputTokens: 10, outputTokens: 1 });
    expect(oneAgent.body.days.map((day: { runs: number }) => day.runs)).toEqual([0, 0, 1]);
  });

  it('shows another organization only its own usage', async () => {
    const theirs = await platform.call(
      'GET',
      '/api/agent/usage?from=2020-04-01&to=2020-04-03',
      undefined,
      mallory,
    );
    expect(theirs.body.totals).toEqual({ runs: 1, costUsd: 99, inputTokens: 99_999, outputTokens: 9_999 });
    expect(theirs.body.byAgent).toHaveLength(1);
    expect(theirs.body).not.toHaveProperty('byOrg');

    const peeking = await platform.call(
      'GET',
      `/api/agent/usage?from=2020-04-01&to=2020-04-03&agentId=${writer}`,
      undefined,
      mallory,
    );
    expect(peeking.body.totals.runs).toBe(0);
    expect(peeking.body.byAgent).toEqual([]);
  });

  it('defaults to the 30 days ending today (UTC)', async () => {
    const before = utcDay(0);
    const response = await platform.call('GET', '/api/agent/usage');
    const after = utcDay(0);
    expect(response.status).toBe(200);
    expect([before, after]).toContain(response.body.to);
    expect(response.body.days).toHaveLength(30);
    expect(response.body.from).toBe(response.body.days[0].date);
    if (before === after) {
      expect(response.body.from).toBe(utcDay(-29));
      expect(response.body.totals).toMatchObject({ runs: 1, costUsd: 1 });
    }
  });

  it.each([
    ['from=2020-04-03&to=2020-04-01', /from: must not be after to/],
    ['from=2026-02-30&to=2026-03-01', /from: not a calendar day/],
    ['from=yesterday', /from: expected a day as YYYY-MM-DD/],
    ['to=2026-4-1', /to: expected a day as YYYY-MM-DD/],
    ['from=2025-01-01&to=2026-01-02', /from: the range is at most 366 days/],
  ])('refuses %s with a 400', async (query, message) => {
    const response = await platform.call('GET', `/api/agent/usage?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: 'INVALID_REQUEST', message: expect.stringMatching(message) });
  });

  it('allows a range of exactly 366 days', async () => {
    const response = await platform.call('GET', '/api/agent/usage?from=2028-01-01&to=2028-12-31');
    expect(response.status).toBe(200);
    expect(response.body.days).toHaveLength(366);
  });
});

async function insertFinishedRuns(
  db: Kysely<Database>,
  runs: Array<[{ agentId: string; sessionId: string; orgId: string }, string, number, number, number]>,
): Promise<void> {
  await db
    .insertInto('runs')
    .values(
      runs.map(([seeded, createdAt], index) => ({
        id: `run_usage_${index}`,
        orgId: seeded.orgId,
        agentId: seeded.agentId,
        sessionId: seeded.sessionId,
        status: 'succeeded' as const,
        prompt: 'p',
        timeoutSec: 60,
        createdAt,
        finishedAt: createdAt,
      })),
    )
    .execute();
  await db
    .insertInto('usageRecords')
    .values(
      runs.map(([seeded, createdAt, costUsd, inputTokens, outputTokens], index) => ({
        id: `use_usage_${index}`,
        orgId: seeded.orgId,
        agentId: seeded.agentId,
        runId: `run_usage_${index}`,
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        inputTokens,
        outputTokens,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd,
        costComputed: true,
        createdAt,
      })),
    )
    .execute();
}
