import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@lifeosai/db';
import { type FakeLlm, stall, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { createTestDatabase } from '@lifeosai/testkit/postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRunTokens } from './http/run-token.ts';
import { createTestTokenIssuer, type TestTokenIssuer } from './http/test-identity.ts';
import { startsAndEndings, watchLeaseOwners } from './testing/run-checks.ts';
import { type ServiceProcess, startServiceProcess } from './testing/service-process.ts';

const terminal = ['succeeded', 'failed', 'cancelled', 'timed_out'];

/**
 * The cloud topology in real processes on one real Postgres: an API instance (`LIFEOSAI_ROLE=api`)
 * that serves every public route and never executes a run, and two run workers
 * (`LIFEOSAI_ROLE=worker`) that claim and execute runs and serve only what their runs call
 * back; the Pi harness talks to the fake LLM through the workers' LLM proxy.
 */
describe('Agent API cluster on postgres: an API instance and two workers', () => {
  let fake: FakeLlm;
  let tokens: TestTokenIssuer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let home: string;
  let env: Record<string, string>;
  let api: ServiceProcess;
  const workers: ServiceProcess[] = [];
  const workerIds = ['worker-1', 'worker-2'];
  const identity = { userId: 'usr_ops', orgId: 'org_ops', role: 'owner' as const };

  beforeAll(async () => {
    fake = await startFakeLlm();
    tokens = await createTestTokenIssuer();
    database = await createTestDatabase(inject('postgresAdminUrl'));
    home = mkdtempSync(join(tmpdir(), 'lifeosai-cluster-'));
    env = {
      LIFEOSAI_MODE: 'cloud',
      DATABASE_URL: database.url,
      LIFEOSAI_HOME: home,
      LIFEOSAI_IDENTITY_JWKS: JSON.stringify(tokens.jwks),
      LIFEOSAI_LEASE_MS: '3000',
      LIFEOSAI_MASTER_KEY: randomBytes(32).toString('base64'),
      LIFEOSAI_MAX_CONCURRENT_RUNS: '6',
      LOG_LEVEL: 'warn',
      ANTHROPIC_API_KEY: 'sk-cluster-test-key',
      ANTHROPIC_BASE_URL: fake.url,
    };
    // Migrate once up front so every instance starts on a ready schema.
    await (await openDatabase({ dialect: 'postgres', url: database.url })).close();
    [api] = await Promise.all([
      startServiceProcess({ ...env, LIFEOSAI_ROLE: 'api', LIFEOSAI_INSTANCE_ID: 'api-a' }),
      ...workerIds.map(async (id, index) => {
        workers[index] = await startWorker(id);
      }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([api, ...workers].map((instance) => instance?.stop()));
    await fake?.close();
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  const startWorker = (id: string) =>
    startServiceProcess({ ...env, LIFEOSAI_ROLE: 'worker', LIFEOSAI_INSTANCE_ID: id });

  // One identity token reused until near its end, as the gateway does: signing one per call
  // (hundreds a second while runs are polled) spent the CPU the runs themselves need.
  let authorization: { value: string; renewAt: number } | undefined;
  const authorize = async () => {
    if (!authorization || Date.now() > authorization.renewAt) {
      authorization = { value: await tokens.authorization(identity), renewAt: Date.now() + 30_000 };
    }
    return authorization.value;
  };

  const call = async (instance: ServiceProcess, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${instance.url}${path}`, {
      method,
      headers: { authorization: await authorize(), 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown> & { id: string; status: string },
    };
  };

  const waitForTerminal = async (runId: string, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await call(api, 'GET', `/api/agent/runs/${runId}`);
      if (terminal.includes(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /** The agent's runs once all `count` are terminal: one list call per poll, not one per run. */
  const waitForAllTerminal = async (agentId: string, count: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await call(api, 'GET', `/api/agent/runs?agentId=${agentId}&limit=${count}`);
      const runs = body.items as Array<{ id: string; status: string; error?: unknown }>;
      const open = runs.filter((run) => !terminal.includes(run.status));
      if (runs.length === count && open.length === 0) return runs;
      if (Date.now() > deadline) throw new Error(`${open.length} of ${count} runs still open`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  const createAgent = async (name: string, adapterConfig: Record<string, unknown> = {}) =>
    (
      await call(api, 'POST', '/api/agent/agents', {
        name,
        adapterType: 'pi',
        adapterConfig,
        limits: { maxConcurrentRuns: 100 },
      })
    ).body;

  const startRun = async (agentId: string, prompt: string) =>
    (await call(api, 'POST', `/api/agent/agents/${agentId}/runs`, { prompt })).body;

  // 24 runs: two rounds of both workers' slots, every claim contended. The 200-way race on
  // the claim itself is the data tier's test (`domain/runs/claim-runs.test.ts`), the 500-run
  // count over two API instances and three workers is `bench/run-workers.ts`: here each run
  // is a real Pi process, so more runs cost minutes and prove nothing more.
  it('executes 24 runs created through the API instance exactly once each, on the workers only', async () => {
    const agent = await createAgent('bulk', { model: 'claude-sonnet-4-6' });
    const prompts = Array.from({ length: 24 }, (_, index) => `bulk-${index}-marker`);
    const owners = watchLeaseOwners(database.url, agent.id);
    const started = await Promise.all(
      prompts.map((prompt) => call(api, 'POST', `/api/agent/agents/${agent.id}/runs`, { prompt })),
    );
    expect(started.every((response) => response.status === 202)).toBe(true);
    const finished = await waitForAllTerminal(agent.id, prompts.length, 120_000).finally(() => owners.stop());
    // Both workers executed runs, the API instance none, and no run was ever held by two.
    const held = await owners.stop();
    expect([...new Set([...held.values()].flatMap((holders) => [...holders]))].sort()).toEqual(workerIds);
    expect([...held].filter(([, holders]) => holders.size > 1)).toEqual([]);
    // Every run succeeded; a failure names its run and its error.
    expect(
      finished
        .filter((run) => run.status !== 'succeeded')
        .map((run) => ({ id: run.id, status: run.status, error: run.error })),
    ).toEqual([]);
    expect(finished.map((run) => run.id).sort()).toEqual(started.map((response) => response.body.id).sort());

    const requests = fake.modelRequests().map((request) => JSON.stringify(request.body));
    for (const prompt of prompts) {
      // Exactly one model request per run: no run was executed twice.
      expect(
        requests.filter((body) => body.includes(prompt)),
        prompt,
      ).toHaveLength(1);
    }
    // One harness start (`system`) and one ending (`result`) per run.
    const counts = await startsAndEndings(
      database.url,
      started.map((response) => response.body.id),
    );
    expect(counts.filter((count) => count.system !== 1 || count.result !== 1)).toEqual([]);
  }, 180_000);

  it('streams over SSE from the API instance a run executing on a worker', async () => {
    const agent = await createAgent('stream');
    fake.on(
      (call) => call.lastUserText.includes('cross-instance'),
      text('Across the cluster we go.', { chunks: 10, delayMs: 100 }),
    );
    const run = await startRun(agent.id, 'cross-instance');
    expect(workerIds).toContain(await leaseOwnerOf(run.id));
    const response = await fetch(`${api.url}/api/agent/runs/${run.id}/stream`, {
      headers: { authorization: await authorize() },
    });
    // Record when each frame arrives: live delivery spreads them over the reply's ~1 s.
    const arrivals: Array<{ type: string; at: number }> = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const type = buffer.slice(0, end).match(/^event: (.+)$/m)?.[1];
        if (type) arrivals.push({ type, at: performance.now() });
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
    const firstDelta = arrivals.find((arrival) => arrival.type === 'stream_event');
    expect(firstDelta).toBeDefined();
    expect(arrivals.at(-1)?.type).toBe('result');
    expect(arrivals.at(-1)!.at - firstDelta!.at).toBeGreaterThan(300);
  }, 60_000);

  it('takes a permission answer on the API instance for a run executing on a worker', async () => {
    const agent = await createAgent('asks', { permissions: { mode: 'ask' } });
    fake.on(
      (call) => call.lastUserText.includes('permission-marker') && call.lastMessageIsToolResult,
      text('Listed them.'),
    );
    fake.on(
      (call) => call.lastUserText.includes('permission-marker'),
      (call) =>
        toolCall({ name: call.toolNames.find((name) => name.endsWith('list_agent_files'))!, input: {} }),
    );
    const run = await startRun(agent.id, 'permission-marker: list files');
    let request: { requestId: string } | undefined;
    for (let attempt = 0; attempt < 300 && !request; attempt++) {
      const events = (await storedEvents(run.id)) as Array<{ type: string; requestId: string }>;
      request = events.find((event) => event.type === 'permission_request');
      if (!request) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(request).toBeDefined();
    expect(workerIds).toContain(await leaseOwnerOf(run.id));

    const path = `/api/agent/runs/${run.id}/permissions/${request!.requestId}`;
    expect(await call(api, 'POST', path, { decision: 'allow' })).toEqual({
      status: 202,
      body: { runId: run.id, requestId: request!.requestId, decision: 'allow' },
    });
    expect((await call(api, 'POST', path, { decision: 'deny' })).status).toBe(409);
    expect(await waitForTerminal(run.id, 60_000)).toMatchObject({ status: 'succeeded' });
    const events = await storedEvents(run.id);
    expect(events.filter((event) => event.type === 'permission_resolved')).toEqual([
      expect.objectContaining({ requestId: request!.requestId, decision: 'allow', by: 'user' }),
    ]);
    expect(JSON.stringify(events)).toContain('(no files)');
  }, 90_000);

  it("cancels from the API instance a run executing on a worker; the worker serves that run's token and no public route", async () => {
    const agent = await createAgent('cancel');
    fake.on((call) => call.lastUserText.includes('cancel-marker'), stall({ afterText: 'Thinking' }));
    const run = await startRun(agent.id, 'cancel-marker');
    const owner = await leaseOwnerOf(run.id);
    const executing = workers[workerIds.indexOf(owner!)]!;
    await waitForEvents(run.id, 2);

    // The run's own token reaches its run on the worker; a person's token, or anything else, is 404.
    const runTokens = createRunTokens({
      masterKey: new Uint8Array(Buffer.from(env.LIFEOSAI_MASTER_KEY!, 'base64')),
      isRunning: async () => true,
    });
    const stored = await runRow(run.id);
    const agentToken = await runTokens.mint({ ...stored, id: run.id }, 60);
    const asRun = (path: string) =>
      fetch(`${executing.url}${path}`, { headers: { authorization: `Bearer ${agentToken}` } }).then(
        (response) => response.status,
      );
    expect(await asRun(`/api/agent/runs/${run.id}`)).toBe(200);
    expect(await asRun('/api/agent/agents')).toBe(404);
    for (const worker of workers) {
      expect((await call(worker, 'GET', '/api/agent/agents')).status).toBe(404);
      expect((await call(worker, 'GET', `/api/agent/runs/${run.id}`)).body).toMatchObject({
        error: { code: 'NOT_FOUND' },
      });
      expect((await call(worker, 'POST', `/api/agent/runs/${run.id}/cancel`, {})).status).toBe(404);
      expect(
        (
          await fetch(`${worker.url}/api/channels/telegram/chn_x/webhook`, {
            method: 'POST',
            body: '{}',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(404);
      expect(await (await fetch(`${worker.url}/healthz`)).json()).toMatchObject({
        status: 'ok',
        role: 'worker',
      });
    }
    // The API instance serves no run's callbacks: its LLM proxy is off.
    expect((await fetch(`${api.url}/llm/anthropic/v1/messages`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );

    const asked = performance.now();
    const cancelled = await call(api, 'POST', `/api/agent/runs/${run.id}/cancel`, {});
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    // Told at once over the bus, not at the worker's next lease renewal.
    expect(performance.now() - asked).toBeLessThan(3_000);
    expect((await storedEvents(run.id)).at(-1)).toMatchObject({ type: 'result', is_error: true });
  }, 60_000);

  it('resolves a run whose worker was killed with -9: failed with a clear error, events intact, never run twice', async () => {
    const agent = await createAgent('crash');
    fake.on((call) => call.lastUserText.includes('crash-marker'), stall({ afterText: 'Half an answer' }));
    const run = await startRun(agent.id, 'crash-marker');
    const owner = (await leaseOwnerOf(run.id))!;
    const victimIndex = workerIds.indexOf(owner);
    await waitForEvents(run.id, 2);
    const before = await storedEvents(run.id);
    await workers[victimIndex]!.kill9();
    // The replacement starts while the surviving worker recovers the run (either may): its
    // start-up is not on the way to the answer.
    const replacement = startWorker(owner);
    let finished: Awaited<ReturnType<typeof waitForTerminal>>;
    try {
      finished = await waitForTerminal(run.id, 30_000);
    } finally {
      workers[victimIndex] = await replacement;
    }
    expect(finished).toMatchObject({ status: 'failed', error: { code: 'RUN_LOST' } });
    const after = await storedEvents(run.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ type: 'result', is_error: true });
    const requests = fake
      .modelRequests()
      .filter((request) => JSON.stringify(request.body).includes('crash-marker'));
    expect(requests).toHaveLength(1);
  }, 90_000);

  async function withDatabase<T>(
    use: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>,
  ): Promise<T> {
    const handle = await openDatabase(
      { dialect: 'postgres', url: database.url, maxConnections: 1 },
      { migrate: false },
    );
    try {
      return await use(handle.db);
    } finally {
      await handle.close();
    }
  }

  function runRow(runId: string) {
    return withDatabase((db) =>
      db
        .selectFrom('runs')
        .select(['orgId', 'agentId', 'attempt'])
        .where('id', '=', runId)
        .executeTakeFirstOrThrow(),
    );
  }

  function leaseOwnerOf(runId: string): Promise<string | undefined> {
    return withDatabase(async (db) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const row = await db
          .selectFrom('runs')
          .select('leaseOwner')
          .where('id', '=', runId)
          .executeTakeFirst();
        if (row?.leaseOwner) return row.leaseOwner;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return undefined;
    });
  }

  function storedEvents(runId: string): Promise<Array<Record<string, unknown>>> {
    return withDatabase(async (db) => {
      const rows = await db
        .selectFrom('runEvents')
        .select('data')
        .where('runId', '=', runId)
        .orderBy('seq')
        .execute();
      return rows.map((row) => row.data);
    });
  }

  async function waitForEvents(runId: string, count: number): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await storedEvents(runId)).length >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${runId} stored fewer than ${count} events`);
  }
});
