import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from './ids.ts';
import { toJson } from './normalize.ts';

/**
 * The same writes must read back identically on both dialects: what one service stores
 * in local mode, the same code reads the same way in cloud mode.
 */
const readBack: Record<string, unknown> = {};

describe.each(testDialects)('values on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.cleanup());

  it('returns timestamps as ISO strings, booleans as booleans and JSON as values', async () => {
    const { db } = database;
    const createdAt = '2026-11-23T21:46:05.123Z';
    await db
      .insertInto('agents')
      .values({
        id: 'agt_1',
        orgId: 'org_1',
        createdBy: 'usr_1',
        name: 'Helper',
        instructions: 'Be brief.',
        adapterType: 'claude-code',
        adapterConfig: toJson({
          model: 'claude-sonnet-4-5',
          mcpServers: [{ name: 'files', url: 'http://x' }],
        }),
        heartbeat: toJson(null),
        maxConcurrentRuns: 2,
        runTimeoutSec: 600,
        monthlyBudgetUsd: 12.5,
        status: 'active',
        pausedReason: null,
        createdAt,
        updatedAt: createdAt,
        deletedAt: null,
      })
      .execute();
    await db
      .insertInto('sessions')
      .values({
        id: 'ses_1',
        orgId: 'org_1',
        agentId: 'agt_1',
        harness: 'claude-code',
        createdAt,
        updatedAt: createdAt,
      })
      .execute();
    await db
      .insertInto('runs')
      .values({
        id: 'run_1',
        orgId: 'org_1',
        agentId: 'agt_1',
        sessionId: 'ses_1',
        status: 'succeeded',
        prompt: 'hi',
        timeoutSec: 600,
        cancelRequested: true,
        createdAt,
        startedAt: createdAt,
        finishedAt: '2026-11-23T21:46:06.000Z',
      })
      .execute();
    await db
      .insertInto('usageRecords')
      .values({
        id: 'use_1',
        orgId: 'org_1',
        agentId: 'agt_1',
        runId: 'run_1',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        inputTokens: 10,
        outputTokens: 3,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: 0.0042,
        costComputed: false,
        createdAt,
      })
      .execute();

    const agent = await db
      .selectFrom('agents')
      .selectAll()
      .where('id', '=', 'agt_1')
      .executeTakeFirstOrThrow();
    const run = await db.selectFrom('runs').selectAll().where('id', '=', 'run_1').executeTakeFirstOrThrow();
    expect(agent.adapterConfig).toEqual({
      model: 'claude-sonnet-4-5',
      mcpServers: [{ name: 'files', url: 'http://x' }],
    });
    expect(agent.heartbeat).toBeNull();
    expect(agent.createdAt).toBe(createdAt);
    expect(agent.monthlyBudgetUsd).toBe(12.5);
    expect(run.cancelRequested).toBe(true);
    const spent = await db.selectFrom('usageRecords').selectAll().executeTakeFirstOrThrow();
    expect(spent).toMatchObject({ costComputed: false, costUsd: 0.0042, inputTokens: 10, outputTokens: 3 });
    expect(run.finishedAt).toBe('2026-11-23T21:46:06.000Z');
    expect(run.error).toBeNull();

    const count = await db
      .selectFrom('runs')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    expect(count.total).toBe(1);
    readBack[dialect] = { agent, run, count };
  });

  it('stores large sizes exactly and orders ids by creation', async () => {
    const { db } = database;
    const size = 5 * 1024 ** 3 + 7;
    const first = newId('fil');
    const second = newId('fil');
    expect(second > first).toBe(true);
    for (const [id, name] of [
      [second, 'b.bin'],
      [first, 'a.bin'],
    ] as const) {
      await db
        .insertInto('files')
        .values({
          id,
          orgId: 'org_1',
          name,
          size,
          sha256: 'ab'.repeat(32),
          contentType: 'application/octet-stream',
          storageKey: id,
          createdBy: 'usr_1',
          createdAt: new Date().toISOString(),
        })
        .execute();
    }
    const files = await db.selectFrom('files').select(['id', 'size']).orderBy('id').execute();
    expect(files).toEqual([
      { id: first, size },
      { id: second, size },
    ]);
  });
});

describe('both dialects', () => {
  it('read back exactly the same values', () => {
    expect(readBack.sqlite).toBeDefined();
    expect(readBack.postgres).toEqual(readBack.sqlite);
  });
});
