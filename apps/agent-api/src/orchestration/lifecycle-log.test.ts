import { error, stall, text } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { runLifecycleLog } from './lifecycle-log.ts';

/** What a person watching the terminal reads about runs: one line per step, the reason on failures. */
describe('the run lifecycle in the log', () => {
  let platform: TestPlatform;
  let agentId: string;
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
    agentId = (
      await platform.call('POST', '/api/agent/agents', {
        name: 'logged',
        adapterType: 'pi',
        adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6', maxRetries: 0 },
      })
    ).body.id;
  }, 60_000);
  afterAll(() => platform?.close());

  const linesOf = (runId: string) => platform.lifecycleLines.filter((line) => line.runId === runId);
  const start = async (prompt: string) =>
    (await platform.call('POST', `/api/agent/agents/${agentId}/runs`, { prompt })).body.id as string;

  it('says when a run starts and finishes, with its time, tokens and cost', async () => {
    platform.fake.on((call) => call.lastUserText.includes('log-ok'), text('Fine.'));
    const runId = await start('log-ok');
    await platform.waitForRun(runId);
    expect(linesOf(runId)).toEqual([
      expect.objectContaining({ level: 'info', msg: 'run started', harness: 'pi', agentId }),
      expect.objectContaining({
        level: 'info',
        msg: 'run finished',
        status: 'succeeded',
        seconds: expect.any(Number),
        tokens: expect.any(Number),
        costUsd: expect.any(Number),
      }),
    ]);
  });

  it('says why a run failed, as a warning', async () => {
    platform.fake.on((call) => call.lastUserText.includes('log-fail'), error(400, 'model says no'));
    const runId = await start('log-fail');
    await platform.waitForRun(runId);
    expect(linesOf(runId).at(-1)).toMatchObject({
      level: 'warn',
      msg: 'run failed',
      status: 'failed',
      why: expect.stringContaining('model says no'),
    });
  });

  it('says a person asked to stop a run, and that it ended cancelled', async () => {
    platform.fake.on((call) => call.lastUserText.includes('log-stall'), stall({ afterText: 'Working' }));
    const runId = await start('log-stall');
    await expect
      .poll(() => linesOf(runId).map((line) => line.msg), { timeout: 20_000 })
      .toContain('run started');
    await platform.call('POST', `/api/agent/runs/${runId}/cancel`);
    await platform.waitForRun(runId);
    expect(linesOf(runId).map((line) => [line.msg, line.status])).toEqual([
      ['run started', undefined],
      ['run cancel requested', 'running'],
      ['run cancelled', 'cancelled'],
    ]);
  });
});

describe('heartbeat lines', () => {
  it('say whether the agent woke, and why a slot was skipped', () => {
    const lines: Array<[object, string]> = [];
    const log = runLifecycleLog({ info: (fields, msg) => lines.push([fields, msg]), warn: () => undefined });
    log.heartbeat({
      agentId: 'agt_1',
      slot: '2026-12-05T10:00:00.000Z',
      action: 'woke',
      runId: 'run_1',
      items: 2,
    });
    log.heartbeat({
      agentId: 'agt_1',
      slot: '2026-12-05T10:05:00.000Z',
      action: 'skipped',
      reason: 'nothing due',
    });
    expect(lines).toEqual([
      [
        { agentId: 'agt_1', slot: '2026-12-05T10:00:00.000Z', runId: 'run_1', items: 2 },
        'heartbeat woke the agent',
      ],
      [{ agentId: 'agt_1', slot: '2026-12-05T10:05:00.000Z', why: 'nothing due' }, 'heartbeat skipped'],
    ]);
  });
});
