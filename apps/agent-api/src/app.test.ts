import {
  agentListSchema,
  agentSchema,
  errorBodySchema,
  harnessListSchema,
  inboxItemSchema,
  inboxListSchema,
  runEventsPageSchema,
  runPageSchema,
  runSchema,
  sessionSchema,
  startedRunSchema,
  unifiedEventSchema,
} from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { stall, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatTick } from './orchestration/heartbeat.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from './testing/test-platform.ts';

const agentBodies = {
  'claude-code': {
    name: 'Claude helper',
    adapterType: 'claude-code',
    adapterConfig: { model: 'claude-sonnet-4-6' },
  },
  pi: {
    name: 'Pi helper',
    adapterType: 'pi',
    adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  },
} as const;

describe.each(testDialects)('Agent API on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
  });
  afterAll(() => platform.close());

  it('answers 401 in the contract error shape without an identity token', async () => {
    const response = await fetch(`${platform.url}/api/agent/agents`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: expect.any(String) },
    });
    const forged = await fetch(`${platform.url}/api/agent/agents`, {
      headers: { authorization: 'Bearer not.a.jwt' },
    });
    expect(forged.status).toBe(401);
  });

  it('manages agents within the organization; another organization gets 404 and an empty list', async () => {
    const created = await platform.call('POST', '/api/agent/agents', {
      ...agentBodies.pi,
      instructions: 'Be brief.',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^agt_/),
      name: 'Pi helper',
      status: 'active',
    });
    expectContract(agentSchema, created.body);
    const id = created.body.id;
    const listed = await platform.call('GET', '/api/agent/agents');
    expectContract(agentListSchema, listed.body);
    expect(listed.body.items.map((agent: { id: string }) => agent.id)).toContain(id);
    const renamed = await platform.call('PATCH', `/api/agent/agents/${id}`, {
      name: 'Renamed',
      heartbeat: { enabled: false },
    });
    expect(renamed.body.name).toBe('Renamed');
    expectContract(agentSchema, renamed.body);
    expectContract(agentSchema, (await platform.call('GET', `/api/agent/agents/${id}`)).body);

    expect((await platform.call('GET', `/api/agent/agents/${id}`, undefined, mallory)).status).toBe(404);
    expect((await platform.call('PATCH', `/api/agent/agents/${id}`, { name: 'x' }, mallory)).status).toBe(
      404,
    );
    expect((await platform.call('GET', '/api/agent/agents', undefined, mallory)).body.items).toEqual([]);
    expect(
      (await platform.call('POST', `/api/agent/agents/${id}/runs`, { prompt: 'hi' }, mallory)).status,
    ).toBe(404);

    expect((await platform.call('DELETE', `/api/agent/agents/${id}`)).status).toBe(204);
    expect((await platform.call('GET', `/api/agent/agents/${id}`)).status).toBe(404);
  });

  it.each([
    [{ name: 'x', adapterType: 'nope' }, 'UNKNOWN_ADAPTER_TYPE', /adapterType/],
    [
      { name: 'x', adapterType: 'pi', adapterConfig: { model: 42 } },
      'INVALID_ADAPTER_CONFIG',
      /adapterConfig\.model/,
    ],
    [
      { name: 'x', adapterType: 'pi', adapterConfig: { permissions: { mode: 'sometimes' } } },
      'INVALID_ADAPTER_CONFIG',
      /adapterConfig\.permissions\.mode/,
    ],
    [
      { name: 'x', adapterType: 'acp', adapterConfig: { agent: 'nope' } },
      'INVALID_ADAPTER_CONFIG',
      /adapterConfig\.agent: unknown ACP agent "nope"; use one of claude-agent-acp/,
    ],
    [{ adapterType: 'pi' }, 'INVALID_REQUEST', /name/],
    [{ name: 'x', adapterType: 'pi', heartbeat: { enabled: true } }, 'INVALID_REQUEST', /heartbeat/],
  ])('refuses a bad agent with a 400 that names the field (%#)', async (body, code, message) => {
    const response = await platform.call('POST', '/api/agent/agents', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(message);
    expectContract(errorBodySchema, response.body);
  });

  it('lists the registered harnesses and whether runs are sandboxed', async () => {
    const harnesses = await platform.call('GET', '/api/agent/harnesses');
    expect(harnesses.body.items.map((harness: { id: string }) => harness.id)).toEqual(
      expect.arrayContaining(['claude-code', 'pi', 'acp']),
    );
    expectContract(harnessListSchema, harnesses.body);
  });

  it('refuses malformed JSON with a 400, not a 500', async () => {
    const response = await fetch(`${platform.url}/api/agent/agents`, {
      method: 'POST',
      headers: {
        authorization: await platform.tokens.authorization(alice),
        'content-type': 'application/json',
      },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toEqual(expect.any(String));
  });

  describe.each(['claude-code', 'pi'] as const)('a conversation with %s', (harness) => {
    it('runs, streams, finishes with usage and cost, then continues the session with its history', async () => {
      const agent = (await platform.call('POST', '/api/agent/agents', agentBodies[harness])).body;
      platform.fake.on(
        (call) => call.lastUserText.includes('first-turn'),
        text('Noted, the code word is MANGO.'),
      );
      const started = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
        prompt: 'first-turn: remember MANGO',
      });
      expect(started.status).toBe(202);
      expect(started.body).toEqual({
        id: expect.stringMatching(/^run_/),
        agentId: agent.id,
        sessionId: expect.any(String),
        status: 'queued',
      });
      expectContract(startedRunSchema, started.body);

      const events = await platform.streamRun(started.body.id);
      for (const event of events) expectContract(unifiedEventSchema, event);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      expect(events[0]).toMatchObject({ type: 'system', runId: started.body.id, agentId: agent.id, harness });
      expect(events.some((event) => event.type === 'stream_event')).toBe(true);
      expect(events.at(-1)).toMatchObject({ type: 'result', subtype: 'success' });

      const run = await platform.waitForRun(started.body.id);
      expect(run).toMatchObject({
        status: 'succeeded',
        costUsd: expect.any(Number),
        usage: { input_tokens: expect.any(Number) },
      });
      expect(run.costUsd).toBeGreaterThan(0);
      expectContract(runSchema, run);

      platform.fake.on((call) => call.lastUserText.includes('second-turn'), text('It was MANGO.'));
      const next = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
        prompt: 'second-turn: what was the word?',
        sessionId: started.body.sessionId,
      });
      expect(next.body.sessionId).toBe(started.body.sessionId);
      expect((await platform.waitForRun(next.body.id)).status).toBe('succeeded');
      const lastRequest = JSON.stringify(platform.fake.modelRequests().at(-1)?.body);
      expect(lastRequest).toContain('remember MANGO');

      const paged = await platform.call('GET', `/api/agent/runs/${started.body.id}/events?after=1&limit=2`);
      expect(paged.body.items.map((event: { seq: number }) => event.seq)).toEqual([2, 3]);
      expect(paged.body.nextAfter).toBe(3);
      expectContract(runEventsPageSchema, paged.body);
      const session = await platform.call('GET', `/api/agent/sessions/${started.body.sessionId}`);
      expectContract(sessionSchema, session.body);
      expect(session.body.runs.map((entry: { id: string }) => entry.id)).toEqual([
        started.body.id,
        next.body.id,
      ]);
      const listed = await platform.call(
        'GET',
        `/api/agent/runs?sessionId=${started.body.sessionId}&limit=1`,
      );
      expect(listed.body.items).toHaveLength(1);
      expect(listed.body.nextCursor).toEqual(expect.any(String));
      expectContract(runPageSchema, listed.body);
      expect(
        (await platform.call('GET', `/api/agent/runs/${started.body.id}`, undefined, mallory)).status,
      ).toBe(404);
    });

    it('calls the platform tool that reads the agent’s own files', async () => {
      const agent = (await platform.call('POST', '/api/agent/agents', agentBodies[harness])).body;
      platform.fake.on(
        (call) => call.lastUserText.includes('list-files') && call.lastMessageIsToolResult,
        text('Listed.'),
      );
      platform.fake.on(
        (call) => call.lastUserText.includes('list-files'),
        (call) =>
          toolCall({ name: call.toolNames.find((name) => name.endsWith('list_agent_files'))!, input: {} }),
      );
      const started = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
        prompt: 'list-files please',
      });
      const events = await platform.streamRun(started.body.id);
      const toolResult = events.find(
        (event) => event.type === 'user' && JSON.stringify(event).includes('tool_result'),
      );
      expect(JSON.stringify(toolResult)).toContain('(no files)');
      expect(events.at(-1)).toMatchObject({ type: 'result', subtype: 'success' });
    });
  });

  it('coalesces a repeated idempotency key into the same run', async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', agentBodies.pi)).body;
    const body = { prompt: 'once only', idempotencyKey: 'msg-123' };
    const [first, second] = await Promise.all([
      platform.call('POST', `/api/agent/agents/${agent.id}/runs`, body),
      platform.call('POST', `/api/agent/agents/${agent.id}/runs`, body),
    ]);
    expect(second.body.id).toBe(first.body.id);
    await platform.waitForRun(first.body.id);
    const runs = await platform.call('GET', `/api/agent/runs?agentId=${agent.id}`);
    expect(runs.body.items).toHaveLength(1);
  });

  it('cancels a stalled run; a second run of a one-at-a-time agent waits its turn', async () => {
    const agent = (
      await platform.call('POST', '/api/agent/agents', {
        ...agentBodies.pi,
        limits: { maxConcurrentRuns: 1 },
      })
    ).body;
    platform.fake.on((call) => call.lastUserText.includes('stall-me'), stall({ afterText: 'Thinking' }));
    const stalled = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'stall-me' });
    const waiting = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
      prompt: 'after the stall',
    });
    await expect
      .poll(async () => (await platform.call('GET', `/api/agent/runs/${stalled.body.id}`)).body.status)
      .toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await platform.call('GET', `/api/agent/runs/${waiting.body.id}`)).body.status).toBe('queued');

    const cancelled = await platform.call('POST', `/api/agent/runs/${stalled.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await platform.streamRun(stalled.body.id)).at(-1)).toMatchObject({
      type: 'result',
      error_class: 'cancelled',
    });
    expect((await platform.waitForRun(waiting.body.id)).status).toBe('succeeded');
  });

  it('ends a run that exceeds its timeout as timed_out', async () => {
    const agent = (
      await platform.call('POST', '/api/agent/agents', { ...agentBodies.pi, limits: { runTimeoutSec: 2 } })
    ).body;
    platform.fake.on((call) => call.lastUserText.includes('too-slow'), stall({ afterText: 'Working' }));
    const started = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'too-slow' });
    const run = await platform.waitForRun(started.body.id);
    expect(run).toMatchObject({ status: 'timed_out', error: { code: 'TIMEOUT' } });
  });

  it('pauses an agent that reaches its monthly budget and says so', async () => {
    const agent = (
      await platform.call('POST', '/api/agent/agents', {
        ...agentBodies.pi,
        limits: { monthlyBudgetUsd: 0.000001 },
      })
    ).body;
    const started = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
      prompt: 'spend a little',
    });
    expect((await platform.waitForRun(started.body.id)).status).toBe('succeeded');
    const paused = await platform.call('GET', `/api/agent/agents/${agent.id}`);
    expect(paused.body).toMatchObject({ status: 'paused', pausedReason: expect.stringMatching(/budget/i) });
    const refused = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'more' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('AGENT_PAUSED');
  });

  it('heartbeats an idle agent without spending tokens, and wakes it when an item is due', async () => {
    const agent = (
      await platform.call('POST', '/api/agent/agents', {
        ...agentBodies.pi,
        heartbeat: { enabled: true, intervalSec: 60 },
      })
    ).body;
    const createdAt = Date.parse(agent.createdAt);
    const at = (minutes: number) => new Date(createdAt + minutes * 60_000 + 1_000);
    const requestsBefore = platform.fake.modelRequests().length;
    const { db } = platform.database;
    for (const minute of [1, 2, 3]) {
      const outcomes = await heartbeatTick(db, platform.orchestrator, at(minute));
      expect(outcomes.filter((outcome) => outcome.agentId === agent.id)).toEqual([
        expect.objectContaining({ action: 'skipped', reason: 'nothing due' }),
      ]);
    }
    expect(platform.fake.modelRequests().length).toBe(requestsBefore);
    const skips = await db
      .selectFrom('wakeRequests')
      .select('status')
      .where('agentId', '=', agent.id)
      .execute();
    expect(skips).toEqual([{ status: 'skipped' }, { status: 'skipped' }, { status: 'skipped' }]);

    const added = await platform.call('POST', `/api/agent/agents/${agent.id}/inbox`, {
      text: 'water the plants',
    });
    expect(added.status).toBe(201);
    expectContract(inboxItemSchema, added.body);
    expectContract(inboxListSchema, (await platform.call('GET', `/api/agent/agents/${agent.id}/inbox`)).body);
    const [woke] = (await heartbeatTick(db, platform.orchestrator, at(4))).filter(
      (outcome) => outcome.agentId === agent.id,
    );
    expect(woke).toMatchObject({ action: 'woke', items: 1 });
    expect(await heartbeatTick(db, platform.orchestrator, at(4))).toEqual([]);
    const run = await platform.waitForRun((woke as { runId: string }).runId);
    expect(run.status).toBe('succeeded');
    expect(JSON.stringify(platform.fake.modelRequests().at(-1)?.body)).toContain('water the plants');
    const inbox = await platform.call('GET', `/api/agent/agents/${agent.id}/inbox`);
    expect(inbox.body.items[0]).toMatchObject({ text: 'water the plants', runId: run.id });
  });

  it('gives each run a token that reaches only its own agent, inbox and run, and only while it runs', async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', agentBodies.pi)).body;
    const other = (await platform.call('POST', '/api/agent/agents', agentBodies.pi)).body;
    const otherRun = (
      await platform.call('POST', `/api/agent/agents/${other.id}/runs`, { prompt: 'other run' })
    ).body;
    // The run prints its token, then holds (its next model call stalls) while the token is tried.
    platform.fake.on(
      (call) => call.lastUserText.includes('token-check') && call.lastMessageIsToolResult,
      stall({ afterText: 'Holding.' }),
    );
    platform.fake.on(
      (call) => call.lastUserText.includes('token-check'),
      toolCall({
        name: 'bash',
        input: { command: 'printf "%s %s" "$LIFEOSAI_API_URL" "$LIFEOSAI_AGENT_TOKEN"' },
      }),
    );
    const run = (await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'token-check' }))
      .body;
    let output = '';
    await expect
      .poll(
        async () => {
          const { body } = await platform.call('GET', `/api/agent/runs/${run.id}/events?limit=500`);
          output = JSON.stringify(
            body.items.find(
              (event: { type: string }) =>
                event.type === 'user' && JSON.stringify(event).includes('tool_result'),
            ) ?? '',
          );
          return output;
        },
        { timeout: 60_000 },
      )
      .toContain('eyJ');
    const [apiUrl, token] = (
      output.match(/(http:\/\/127\.0\.0\.1:\d+\/api\/agent) (eyJ[\w.-]+)/) ?? []
    ).slice(1);
    expect(apiUrl).toBe(`${platform.url}/api/agent`);
    expect(token).toEqual(expect.any(String));

    const asAgent = (method: string, path: string, body?: unknown, bearer = token) =>
      fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    expect((await asAgent('GET', `/agents/${agent.id}`)).status).toBe(200);
    expect((await asAgent('POST', `/agents/${agent.id}/inbox`, { text: 'note to self' })).status).toBe(201);
    expect((await asAgent('GET', `/runs/${run.id}`)).status).toBe(200);
    expect((await asAgent('GET', `/agents/${other.id}`)).status).toBe(403);
    expect((await asAgent('GET', `/runs/${otherRun.id}`)).status).toBe(403);
    expect((await asAgent('GET', '/agents')).status).toBe(403);
    expect((await asAgent('POST', '/agents', agentBodies.pi)).status).toBe(403);
    expect((await asAgent('GET', `/agents/${agent.id}`, undefined, `${token}x`)).status).toBe(401);

    // The run ends: its token dies with it, long before it would expire.
    expect((await platform.call('POST', `/api/agent/runs/${run.id}/cancel`)).body.status).toBe('cancelled');
    const afterwards = await asAgent('GET', `/runs/${run.id}`);
    expect(afterwards.status).toBe(401);
    expect(await afterwards.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: expect.any(String) },
    });
    expect((await asAgent('GET', `/agents/${agent.id}`)).status).toBe(401);
  });
});
