import { randomBytes } from 'node:crypto';
import { permissionAnswerSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessCase } from '../testing/harness-cases.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

// biome-ignore lint/suspicious/noExplicitAny: events are checked by the assertions.
type Event = any;

const harnessConfigs = {
  'claude-code': harnessCase('claude-code').adapterConfig,
  pi: harnessCase('pi').adapterConfig,
} as const;

describe.each(testDialects)('answering permission requests on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
  }, 60_000);
  afterAll(() => platform?.close());

  const askingAgent = async (harness: keyof typeof harnessConfigs, askTimeoutMs = 60_000) =>
    (
      await platform.call('POST', '/api/agent/agents', {
        name: `asks first (${harness})`,
        adapterType: harness,
        adapterConfig: { ...harnessConfigs[harness], permissions: { mode: 'ask', askTimeoutMs } },
      })
    ).body;

  /** The model lists the agent's files (a platform tool), then answers with what it was told. */
  const scriptFileListing = (marker: string) => {
    platform.fake.on(
      (call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult,
      text('Finished.'),
    );
    platform.fake.on(
      (call) => call.lastUserText.includes(marker),
      (call) =>
        toolCall({ name: call.toolNames.find((name) => name.endsWith('list_agent_files'))!, input: {} }),
    );
  };

  const startRun = async (agentId: string, prompt: string) =>
    (await platform.call('POST', `/api/agent/agents/${agentId}/runs`, { prompt })).body.id as string;

  const events = async (runId: string): Promise<Event[]> =>
    (await platform.call('GET', `/api/agent/runs/${runId}/events?limit=1000`)).body.items;

  const permissionRequest = async (runId: string): Promise<Event> => {
    let request: Event;
    await expect
      .poll(
        async () => {
          request = (await events(runId)).find((event) => event.type === 'permission_request');
          return request;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBeDefined();
    return request;
  };

  const answer = (runId: string, requestId: string, body: unknown, identity = alice) =>
    platform.call('POST', `/api/agent/runs/${runId}/permissions/${requestId}`, body, identity);

  const toolResultText = (all: Event[]) =>
    JSON.stringify(
      all.find((event) => event.type === 'user' && JSON.stringify(event).includes('tool_result')),
    );

  describe.each(['pi', 'claude-code'] as const)('with %s', (harness) => {
    it('runs the tool once a person allows it; a second answer is refused', async () => {
      const agent = await askingAgent(harness);
      const marker = `allow-${randomBytes(4).toString('hex')}`;
      scriptFileListing(marker);
      const runId = await startRun(agent.id, `list the files ${marker}`);
      const request = await permissionRequest(runId);
      expect(request).toMatchObject({
        toolName: expect.stringMatching(/list_agent_files$/),
        requestId: expect.any(String),
      });

      const allowed = await answer(runId, request.requestId, { decision: 'allow' });
      expect(allowed).toEqual({
        status: 202,
        body: { runId, requestId: request.requestId, decision: 'allow' },
      });
      // Accepted means recorded: the resolution is already in the run's history.
      expect((await events(runId)).find((event) => event.type === 'permission_resolved')).toMatchObject({
        requestId: request.requestId,
        decision: 'allow',
        by: 'user',
      });
      const again = await answer(runId, request.requestId, { decision: 'deny' });
      expect(again.status).toBe(409);
      expect(again.body.error).toEqual({
        code: 'PERMISSION_ALREADY_RESOLVED',
        message: expect.stringMatching(/already allowed by a person/),
      });

      const finished = await platform.waitForRun(runId);
      expect(finished.status).toBe('succeeded');
      expect(toolResultText(await events(runId))).toContain('(no files)');

      // The session view keeps the request and its answer in the conversation, so a reload
      // shows earlier runs' decisions.
      const session = await platform.call('GET', `/api/agent/sessions/${finished.sessionId}`);
      expect(session.status).toBe(200);
      const replayed: Event[] = session.body.runs.find((run: { id: string }) => run.id === runId).events;
      const types = replayed.map((event) => event.type);
      expect(new Set(types)).toEqual(
        new Set(['user', 'assistant', 'permission_request', 'permission_resolved', 'result']),
      );
      expect(types.indexOf('permission_request')).toBeLessThan(types.indexOf('permission_resolved'));
      expect(types.at(-1)).toBe('result');
      expect(replayed.map((event) => event.seq)).toEqual(
        [...replayed.map((event) => event.seq)].sort((a, b) => a - b),
      );
      expect(replayed.find((event) => event.type === 'permission_request')).toMatchObject({
        requestId: request.requestId,
        toolName: request.toolName,
      });
      expect(replayed.find((event) => event.type === 'permission_resolved')).toMatchObject({
        requestId: request.requestId,
        decision: 'allow',
        by: 'user',
      });
      const audit = await platform.database.db
        .selectFrom('auditLog')
        .selectAll()
        .where('targetId', '=', runId)
        .execute();
      expect(audit).toEqual([
        expect.objectContaining({
          orgId: alice.orgId,
          actorType: 'user',
          actorId: alice.userId,
          action: 'permission.answered',
          data: { requestId: request.requestId, decision: 'allow' },
        }),
      ]);
    }, 120_000);

    it('refuses the tool when a person denies it, and the model is told why', async () => {
      const agent = await askingAgent(harness);
      const marker = `deny-${randomBytes(4).toString('hex')}`;
      scriptFileListing(marker);
      const runId = await startRun(agent.id, `list the files ${marker}`);
      const request = await permissionRequest(runId);

      const denied = await answer(runId, request.requestId, {
        decision: 'deny',
        message: 'Not on production, please.',
      });
      expect(denied.status).toBe(202);
      expect(denied.body.decision).toBe('deny');
      expectContract(permissionAnswerSchema, denied.body);
      expect((await platform.waitForRun(runId)).status).toBe('succeeded');

      const all = await events(runId);
      expect(all.find((event) => event.type === 'permission_resolved')).toMatchObject({
        decision: 'deny',
        by: 'user',
        message: 'Not on production, please.',
      });
      const toolResult = toolResultText(all);
      expect(toolResult).not.toContain('(no files)');
      expect(toolResult).toContain('Not on production, please.');
      const lastModelRequest = platform.fake
        .modelRequests()
        .map((recorded) => JSON.stringify(recorded.body))
        .filter((body) => body.includes(marker))
        .at(-1);
      expect(lastModelRequest).toContain('Not on production, please.');
    }, 120_000);
  });

  it('answers 404 for a request the run never made and for another organization', async () => {
    const agent = await askingAgent('pi');
    const marker = `unknown-${randomBytes(4).toString('hex')}`;
    scriptFileListing(marker);
    const runId = await startRun(agent.id, `list the files ${marker}`);
    const request = await permissionRequest(runId);

    const unknown = await answer(runId, 'perm_not_asked', { decision: 'allow' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const foreign = await answer(runId, request.requestId, { decision: 'allow' }, mallory);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    expect((await answer('run_nope', request.requestId, { decision: 'allow' })).status).toBe(404);

    // Nothing above answered it.
    expect((await answer(runId, request.requestId, { decision: 'allow' })).status).toBe(202);
    expect((await platform.waitForRun(runId)).status).toBe('succeeded');
  }, 120_000);

  it.each([
    [{ decision: 'maybe' }, /decision/],
    [{}, /decision/],
    [{ decision: 'deny', message: 'x'.repeat(2001) }, /message/],
    [{ decision: 'deny', message: 'bell\u0007' }, /message/],
    [{ decision: 'allow', remember: true }, /remember|Unrecognized/],
  ])('refuses a malformed answer with a 400 naming the field (%#)', async (body, field) => {
    const response = await answer('run_any', 'perm_any', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_REQUEST');
    expect(response.body.error.message).toMatch(field);
  });

  it("refuses an agent's own run token: a person decides", async () => {
    const agent = await askingAgent('pi');
    const marker = `token-${randomBytes(4).toString('hex')}`;
    scriptFileListing(marker);
    const runId = await startRun(agent.id, `list the files ${marker}`);
    const request = await permissionRequest(runId);
    const token = await platform.runTokens.mint(
      { id: runId, orgId: alice.orgId, agentId: agent.id, attempt: 1 },
      300,
    );

    const response = await fetch(`${platform.url}/api/agent/runs/${runId}/permissions/${request.requestId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'allow' }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect((await events(runId)).some((event) => event.type === 'permission_resolved')).toBe(false);

    expect((await answer(runId, request.requestId, { decision: 'deny' })).status).toBe(202);
    expect((await platform.waitForRun(runId)).status).toBe('succeeded');
  }, 120_000);

  it('answers 409 once the ask timed out, and once the run is no longer running', async () => {
    const agent = await askingAgent('pi', 1000);
    const marker = `late-${randomBytes(4).toString('hex')}`;
    scriptFileListing(marker);
    const runId = await startRun(agent.id, `list the files ${marker}`);
    const request = await permissionRequest(runId);
    await platform.waitForRun(runId);
    const late = await answer(runId, request.requestId, { decision: 'allow' });
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({
      code: 'PERMISSION_ALREADY_RESOLVED',
      message: expect.stringMatching(/denied because nobody answered in time/),
    });

    const patient = await askingAgent('pi');
    const cancelled = `cancelled-${randomBytes(4).toString('hex')}`;
    scriptFileListing(cancelled);
    const cancelledRun = await startRun(patient.id, `list the files ${cancelled}`);
    const open = await permissionRequest(cancelledRun);
    expect((await platform.call('POST', `/api/agent/runs/${cancelledRun}/cancel`)).body.status).toBe(
      'cancelled',
    );
    const ended = await answer(cancelledRun, open.requestId, { decision: 'allow' });
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe('RUN_NOT_ACTIVE');
  }, 120_000);
});
