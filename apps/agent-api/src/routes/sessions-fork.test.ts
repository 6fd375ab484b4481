import { sessionSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { stall, text } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

const pi = { name: 'Forker', adapterType: 'pi', adapterConfig: { model: 'claude-sonnet-4-6' } };

describe.each(testDialects)('forking a session on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect, {
      // The same Pi, declared unable to fork: what a harness without `capabilities.fork` gets.
      harnesses: (builtIn) => {
        const piHarness = builtIn.get('pi')!;
        const noFork = {
          ...piHarness,
          id: 'pi-no-fork',
          capabilities: { ...piHarness.capabilities, fork: false },
        };
        return new Map([...builtIn, [noFork.id, noFork]]);
      },
    });
  });
  afterAll(() => platform.close());

  /** Starts a run, waits for it, answers its id and session. */
  const turn = async (agentId: string, prompt: string, sessionId?: string) => {
    const started = await platform.call('POST', `/api/agent/agents/${agentId}/runs`, {
      prompt,
      ...(sessionId && { sessionId }),
    });
    expect(started.status).toBe(202);
    expect((await platform.waitForRun(started.body.id)).status).toBe('succeeded');
    return started.body as { id: string; sessionId: string };
  };
  const lastModelRequest = () => JSON.stringify(platform.fake.modelRequests().at(-1)?.body);

  it('forks at a run: the fork continues from there, the original is untouched, and both read back whole', async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', pi)).body;
    platform.fake.on((call) => call.lastUserText.includes('fork-one'), text('Noted APPLE.'));
    platform.fake.on((call) => call.lastUserText.includes('fork-two'), text('Noted BANANA.'));
    platform.fake.on((call) => call.lastUserText.includes('fork-three'), text('I remember APPLE.'));
    platform.fake.on((call) => call.lastUserText.includes('fork-four'), text('APPLE and BANANA.'));
    const first = await turn(agent.id, 'fork-one: remember APPLE');
    const second = await turn(agent.id, 'fork-two: remember BANANA', first.sessionId);

    const forked = await platform.call('POST', `/api/agent/sessions/${first.sessionId}/fork`, {
      atRunId: first.id,
    });
    expect(forked.status).toBe(201);
    expectContract(sessionSchema, forked.body);
    expect(forked.body).toMatchObject({
      id: expect.stringMatching(/^ses_/),
      agentId: agent.id,
      harness: 'pi',
      forkedFrom: { sessionId: first.sessionId, runId: first.id },
      runs: [{ id: first.id, sessionId: first.sessionId }],
    });
    expect(forked.body.id).not.toBe(first.sessionId);
    expect(forked.body.runs[0].events.map((event: { type: string }) => event.type)).toContain('assistant');

    // The fork's first run copies the native session up to the first answer.
    const third = await turn(agent.id, 'fork-three: what do you remember?', forked.body.id);
    expect(lastModelRequest()).toContain('Noted APPLE.');
    expect(lastModelRequest()).not.toContain('BANANA');
    const forkNow = await platform.call('GET', `/api/agent/sessions/${forked.body.id}`);
    expectContract(sessionSchema, forkNow.body);
    expect(forkNow.body.runs.map((run: { id: string }) => run.id)).toEqual([first.id, third.id]);

    // The original goes on where it was, without the fork's turn.
    const original = await platform.call('GET', `/api/agent/sessions/${first.sessionId}`);
    expect(original.body.forkedFrom).toBeNull();
    expect(original.body.runs.map((run: { id: string }) => run.id)).toEqual([first.id, second.id]);
    const fourth = await turn(agent.id, 'fork-four: and now?', first.sessionId);
    expect(lastModelRequest()).toContain('Noted BANANA.');
    expect(lastModelRequest()).not.toContain('fork-three');

    // Without `atRunId`: the whole conversation, up to its last finished run.
    const whole = await platform.call('POST', `/api/agent/sessions/${first.sessionId}/fork`, {});
    expect(whole.status).toBe(201);
    expect(whole.body.forkedFrom).toEqual({ sessionId: first.sessionId, runId: fourth.id });
    platform.fake.on((call) => call.lastUserText.includes('fork-five'), text('All of it.'));
    await turn(agent.id, 'fork-five: everything?', whole.body.id);
    expect(lastModelRequest()).toContain('APPLE and BANANA.');

    // A fork of a fork at an inherited run is a fork of the run's own session.
    const again = await platform.call('POST', `/api/agent/sessions/${forked.body.id}/fork`, {
      atRunId: first.id,
    });
    expect(again.status).toBe(201);
    expect(again.body.forkedFrom).toEqual({ sessionId: first.sessionId, runId: first.id });

    // A run of another conversation, an unknown run or session, another organization.
    const refused = async (
      path: string,
      body: unknown,
      status: number,
      code: string,
      identity = undefined,
    ) => {
      const response = await platform.call('POST', path, body, identity);
      expect({ status: response.status, code: response.body.error.code }).toEqual({ status, code });
      expect(response.body.error.message).toEqual(expect.any(String));
    };
    await refused(
      `/api/agent/sessions/${forked.body.id}/fork`,
      { atRunId: second.id },
      400,
      'RUN_NOT_IN_SESSION',
    );
    await refused(
      `/api/agent/sessions/${first.sessionId}/fork`,
      { atRunId: 'run_missing' },
      404,
      'NOT_FOUND',
    );
    await refused('/api/agent/sessions/ses_missing/fork', {}, 404, 'NOT_FOUND');
    await refused(`/api/agent/sessions/${first.sessionId}/fork`, { atRunId: 7 }, 400, 'INVALID_REQUEST');
    await refused(`/api/agent/sessions/${first.sessionId}/fork`, { at: first.id }, 400, 'INVALID_REQUEST');
    const foreign = await platform.call('POST', `/api/agent/sessions/${first.sessionId}/fork`, {}, mallory);
    expect(foreign.status).toBe(404);
    expect(
      (await platform.call('GET', `/api/agent/sessions/${forked.body.id}`, undefined, mallory)).status,
    ).toBe(404);
  });

  it('refuses a run still in progress, and a harness that cannot fork', async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', pi)).body;
    platform.fake.on((call) => call.lastUserText.includes('fork-stall'), stall());
    const running = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
      prompt: 'fork-stall',
    });
    const early = await platform.call('POST', `/api/agent/sessions/${running.body.sessionId}/fork`, {
      atRunId: running.body.id,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('RUN_NOT_FINISHED');
    await platform.call('POST', `/api/agent/runs/${running.body.id}/cancel`, {});
    await platform.waitForRun(running.body.id);

    const stuck = (await platform.call('POST', '/api/agent/agents', { ...pi, adapterType: 'pi-no-fork' }))
      .body;
    const started = await platform.call('POST', `/api/agent/agents/${stuck.id}/runs`, {
      prompt: 'fork-stall',
    });
    const refused = await platform.call('POST', `/api/agent/sessions/${started.body.sessionId}/fork`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({
      code: 'FORK_UNSUPPORTED',
      message: expect.stringContaining('cannot fork'),
    });
    await platform.call('POST', `/api/agent/runs/${started.body.id}/cancel`, {});
    await platform.waitForRun(started.body.id);
  });
});
