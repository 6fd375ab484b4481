import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@lifeosai/db';
import { type FakeLlm, stall, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { createTestDatabase } from '@lifeosai/testkit/postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTokenIssuer, type TestTokenIssuer } from './http/test-identity.ts';
import { type ServiceProcess, startServiceProcess } from './testing/service-process.ts';

/**
 * Several real Agent API processes on one real Postgres — the cloud topology — with the Pi
 * harness talking to the fake LLM.
 */
describe('Agent API cluster on postgres', () => {
  let fake: FakeLlm;
  let tokens: TestTokenIssuer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let home: string;
  let env: Record<string, string>;
  const instances: ServiceProcess[] = [];
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
    // Migrate once up front so both instances start on a ready schema.
    await (await openDatabase({ dialect: 'postgres', url: database.url })).close();
    instances.push(await startServiceProcess({ ...env, LIFEOSAI_INSTANCE_ID: 'inst-a' }));
    instances.push(await startServiceProcess({ ...env, LIFEOSAI_INSTANCE_ID: 'inst-b' }));
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await fake?.close();
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

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

  const waitForTerminal = async (instance: ServiceProcess, runId: string, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await call(instance, 'GET', `/api/agent/runs/${runId}`);
      if (['succeeded', 'failed', 'cancelled', 'timed_out'].includes(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /** The agent's runs once all `count` are terminal: one list call per poll, not one per run. */
  const waitForAllTerminal = async (
    instance: ServiceProcess,
    agentId: string,
    count: number,
    timeoutMs: number,
  ) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await call(instance, 'GET', `/api/agent/runs?agentId=${agentId}&limit=${count}`);
      const runs = body.items as Array<{ id: string; status: string; error?: unknown }>;
      const open = runs.filter(
        (run) => !['succeeded', 'failed', 'cancelled', 'timed_out'].includes(run.status),
      );
      if (runs.length === count && open.length === 0) return runs;
      if (Date.now() > deadline) throw new Error(`${open.length} of ${count} runs still open`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  // 48 runs: four rounds of both instances' slots, every claim contended. The 200-way race on
  // the claim itself is the data tier's test (`orchestration/claim-runs.test.ts`); here each
  // run is a real Pi process, so more runs cost minutes and prove nothing more.
  it('executes 48 runs queued at once exactly once each, across both instances', async () => {
    const [a, b] = instances as [ServiceProcess, ServiceProcess];
    const agent = (
      await call(a, 'POST', '/api/agent/agents', {
        name: 'bulk',
        adapterType: 'pi',
        adapterConfig: { model: 'claude-sonnet-4-6' },
        limits: { maxConcurrentRuns: 100 },
      })
    ).body;
    const prompts = Array.from({ length: 48 }, (_, index) => `bulk-${index}-marker`);
    const started = await Promise.all(
      prompts.map((prompt, index) =>
        call(index % 2 ? a : b, 'POST', `/api/agent/agents/${agent.id}/runs`, { prompt }),
      ),
    );
    expect(started.every((response) => response.status === 202)).toBe(true);
    const owners = watchLeaseOwners(agent.id);
    const finished = await waitForAllTerminal(a, agent.id, prompts.length, 300_000).finally(() =>
      owners.stop(),
    );
    // Both instances executed runs, and no run was ever held by two.
    const held = await owners.stop();
    expect(new Set([...held.values()].flatMap((holders) => [...holders])).size).toBe(2);
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
    for (const response of started.slice(0, 20)) {
      const events = (await call(b, 'GET', `/api/agent/runs/${response.body.id}/events`)).body
        .items as Array<{ type: string }>;
      expect(events.filter((event) => event.type === 'result')).toHaveLength(1);
      expect(events.filter((event) => event.type === 'system')).toHaveLength(1);
    }
  }, 300_000);

  it('streams to a client on one instance a run executing on the other', async () => {
    const [a] = instances as [ServiceProcess, ServiceProcess];
    const agent = (
      await call(a, 'POST', '/api/agent/agents', { name: 'stream', adapterType: 'pi', adapterConfig: {} })
    ).body;
    fake.on(
      (call) => call.lastUserText.includes('cross-instance'),
      text('Across the cluster we go.', { chunks: 10, delayMs: 100 }),
    );
    const run = (await call(a, 'POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'cross-instance' }))
      .body;
    const executor = await leaseOwnerOf(run.id);
    const reader = instances[executor === 'inst-a' ? 1 : 0]!;
    const response = await fetch(`${reader.url}/api/agent/runs/${run.id}/stream`, {
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

  it('takes a permission answer on the instance that is not running the run', async () => {
    const [a] = instances as [ServiceProcess, ServiceProcess];
    const agent = (
      await call(a, 'POST', '/api/agent/agents', {
        name: 'asks',
        adapterType: 'pi',
        adapterConfig: { permissions: { mode: 'ask' } },
      })
    ).body;
    fake.on(
      (call) => call.lastUserText.includes('permission-marker') && call.lastMessageIsToolResult,
      text('Listed them.'),
    );
    fake.on(
      (call) => call.lastUserText.includes('permission-marker'),
      (call) =>
        toolCall({ name: call.toolNames.find((name) => name.endsWith('list_agent_files'))!, input: {} }),
    );
    const run = (
      await call(a, 'POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'permission-marker: list files' })
    ).body;
    const executor = await leaseOwnerOf(run.id);
    const executing = instances[executor === 'inst-a' ? 0 : 1]!;
    const other = instances[executor === 'inst-a' ? 1 : 0]!;
    await waitForEvents(run.id, 1);
    let request: { requestId: string } | undefined;
    for (let attempt = 0; attempt < 300 && !request; attempt++) {
      const events = (await storedEvents(run.id)) as Array<{ type: string; requestId: string }>;
      request = events.find((event) => event.type === 'permission_request');
      if (!request) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(request).toBeDefined();

    const answered = await call(
      other,
      'POST',
      `/api/agent/runs/${run.id}/permissions/${request!.requestId}`,
      {
        decision: 'allow',
      },
    );
    expect(answered).toEqual({
      status: 202,
      body: { runId: run.id, requestId: request!.requestId, decision: 'allow' },
    });
    const again = await call(
      executing,
      'POST',
      `/api/agent/runs/${run.id}/permissions/${request!.requestId}`,
      {
        decision: 'deny',
      },
    );
    expect(again.status).toBe(409);
    expect(await waitForTerminal(other, run.id, 60_000)).toMatchObject({ status: 'succeeded' });
    const events = await storedEvents(run.id);
    expect(events.filter((event) => event.type === 'permission_resolved')).toEqual([
      expect.objectContaining({ requestId: request!.requestId, decision: 'allow', by: 'user' }),
    ]);
    expect(JSON.stringify(events)).toContain('(no files)');
  }, 90_000);

  it('resolves a run whose instance was killed with -9: failed with a clear error, events intact, never run twice', async () => {
    const agent = (
      await call(instances[0]!, 'POST', '/api/agent/agents', {
        name: 'crash',
        adapterType: 'pi',
        adapterConfig: {},
      })
    ).body;
    fake.on((call) => call.lastUserText.includes('crash-marker'), stall({ afterText: 'Half an answer' }));
    const run = (
      await call(instances[0]!, 'POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'crash-marker' })
    ).body;
    const owner = await leaseOwnerOf(run.id);
    const victimIndex = owner === 'inst-a' ? 0 : 1;
    await waitForEvents(run.id, 2);
    const before = await storedEvents(run.id);
    await instances[victimIndex]!.kill9();
    // The replacement starts while the survivor recovers the run (either may): its start-up is
    // not on the way to the answer.
    const replacement = startServiceProcess({ ...env, LIFEOSAI_INSTANCE_ID: `${owner}-restarted` });
    let finished: Awaited<ReturnType<typeof waitForTerminal>>;
    try {
      finished = await waitForTerminal(instances[1 - victimIndex]!, run.id, 30_000);
    } finally {
      instances[victimIndex] = await replacement;
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

  async function leaseOwnerOf(runId: string): Promise<string | undefined> {
    const handle = await openDatabase(
      { dialect: 'postgres', url: database.url, maxConnections: 1 },
      { migrate: false },
    );
    try {
      for (let attempt = 0; attempt < 200; attempt++) {
        const row = await handle.db
          .selectFrom('runs')
          .select(['leaseOwner', 'status'])
          .where('id', '=', runId)
          .executeTakeFirst();
        if (row?.leaseOwner) return row.leaseOwner;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return undefined;
    } finally {
      await handle.close();
    }
  }

  /** Every lease owner seen on the agent's runs while they execute, per run, until `stop()`. */
  function watchLeaseOwners(agentId: string) {
    const seen = new Map<string, Set<string>>();
    let watching = true;
    const done = (async () => {
      const handle = await openDatabase(
        { dialect: 'postgres', url: database.url, maxConnections: 1 },
        { migrate: false },
      );
      try {
        while (watching) {
          const rows = await handle.db
            .selectFrom('runs')
            .select(['id', 'leaseOwner'])
            .where('agentId', '=', agentId)
            .where('leaseOwner', 'is not', null)
            .execute();
          for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? new Set()).add(row.leaseOwner!));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await handle.close();
      }
    })();
    return {
      /** Ends the watch (idempotent) and answers what it saw. */
      async stop() {
        watching = false;
        await done;
        return seen;
      },
    };
  }

  async function storedEvents(runId: string): Promise<Array<Record<string, unknown>>> {
    const handle = await openDatabase(
      { dialect: 'postgres', url: database.url, maxConnections: 1 },
      { migrate: false },
    );
    try {
      const rows = await handle.db
        .selectFrom('runEvents')
        .select('data')
        .where('runId', '=', runId)
        .orderBy('seq')
        .execute();
      return rows.map((row) => row.data);
    } finally {
      await handle.close();
    }
  }

  async function waitForEvents(runId: string, count: number): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await storedEvents(runId)).length >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${runId} stored fewer than ${count} events`);
  }
});
