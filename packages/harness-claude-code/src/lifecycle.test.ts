import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leftOverProcesses, streamedText, toolResults } from '@lifeosai/harness-conformance';
import { descendantsOf, isLeftOver, processFile } from '@lifeosai/harness-kit';
import { stall, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { ManualClock } from '@lifeosai/testkit/manual-clock';
import { describe, expect, it } from 'vitest';
import { createClaudeCodeHarness } from './harness.ts';
import { claudePid, eventsOf, resultOf, useFixture } from './test-support.ts';

const fixture = useFixture();

describe('run lifecycle', () => {
  it('cancels mid-stream within 2 s, ending cancelled, with every process of the run gone', async () => {
    fixture.fake.script(stall({ afterText: 'Partial answer' }));
    let cancelMs = Number.NaN;
    const watched = await fixture.run({}, async (event, handle) => {
      if (event.type !== 'stream_event' || !Number.isNaN(cancelMs)) return;
      const started = performance.now();
      await Promise.all([handle.cancel('user pressed stop'), handle.cancel('twice')]);
      cancelMs = performance.now() - started;
    });
    expect(cancelMs).toBeLessThan(2000);
    expect(watched.events.slice(-2)).toMatchObject([
      { type: 'error', errorClass: 'cancelled', retryable: false },
      { type: 'result', subtype: 'error_during_execution', is_error: true, error_class: 'cancelled' },
    ]);
    expect(resultOf(watched.events).native?.sessionId).toBe(watched.events[0]?.native?.sessionId);
    expect(watched.processes.size).toBeGreaterThan(0);
    expect(leftOverProcesses(watched)).toEqual([]);
    expect(fixture.fake.activeResponses()).toBe(0);
  });

  it('treats aborting the run signal as cancel', async () => {
    fixture.fake.script(stall({ afterText: 'Partial' }));
    const controller = new AbortController();
    const watched = await fixture.run({ signal: controller.signal }, (event) => {
      if (event.type === 'stream_event') controller.abort();
    });
    expect(resultOf(watched.events)).toMatchObject({ error_class: 'cancelled' });
    expect(leftOverProcesses(watched)).toEqual([]);
  });

  it('cancels when the consumer stops reading, and never starts a process for a run cancelled before it began', async () => {
    fixture.fake.script(stall({ afterText: 'Partial' }));
    const handle = (await import('./harness.ts')).claudeCodeHarness.start(fixture.context());
    let pid: number | undefined;
    for await (const event of handle.events) {
      if (event.type === 'stream_event') {
        pid = claudePid();
        break;
      }
    }
    expect(pid).toBeDefined();
    expect(isLeftOver(pid!)).toBe(false);

    const early = (await import('./harness.ts')).claudeCodeHarness.start(fixture.context());
    await early.cancel();
    const requestsBefore = fixture.fake.requests.length;
    const events = [];
    for await (const event of early.events) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['error', 'result']);
    expect(resultOf(events)).toMatchObject({ error_class: 'cancelled' });
    expect(fixture.fake.requests.length).toBe(requestsBefore);
    await early.cancel();
    expect(early.respondToPermission('perm_x', { decision: 'allow' })).toBe(false);
  });

  it('stops a stalled stream after limits.stallTimeoutMs', async () => {
    fixture.fake.script(stall({ afterText: 'thinking…' }));
    const clock = new ManualClock();
    const watched = await fixture.run(
      { limits: { stallTimeoutMs: 6000, runTimeoutMs: 60_000 }, timers: clock },
      (event) => {
        if (streamedText([event]) !== 'thinking…') return;
        // The model said all it will and went silent: nothing trips a millisecond short of
        // the limit, the stall watchdog exactly at it.
        expect(clock.advance(5999)).toBe(0);
        expect(clock.advance(1)).toBe(1);
      },
    );
    expect(watched.events.slice(-2)).toMatchObject([
      { type: 'error', errorClass: 'stall_timeout', retryable: true },
      { type: 'result', is_error: true, error_class: 'stall_timeout' },
    ]);
    // The partial call is still accounted for, priced from our table.
    expect(resultOf(watched.events)).toMatchObject({ num_turns: 1, cost_computed: true });
    expect(leftOverProcesses(watched)).toEqual([]);
  });

  it('stops a run that passes limits.runTimeoutMs, even while output keeps coming', async () => {
    fixture.fake.script(text('one two three four five six seven eight nine ten', { delayMs: 200 }));
    const clock = new ManualClock();
    // Each word moves the clock 400 ms: the run limit passes at the third of ten.
    const watched = await fixture.run(
      { limits: { stallTimeoutMs: 30_000, runTimeoutMs: 1200 }, timers: clock },
      (event) => {
        if (streamedText([event])) clock.advance(400);
      },
    );
    expect(resultOf(watched.events)).toMatchObject({ is_error: true, error_class: 'timeout' });
    expect(streamedText(watched.events)).not.toContain('ten');
    expect(leftOverProcesses(watched)).toEqual([]);
  });

  it('does not count waiting for a permission answer as a stall', async () => {
    fixture.fake.script(
      toolCall({ name: 'Bash', input: { command: 'echo approved', description: 'Echo' } }),
      text('Done.'),
    );
    const clock = new ManualClock();
    const watched = await fixture.run(
      {
        limits: { stallTimeoutMs: 5000, runTimeoutMs: 60_000 },
        permissions: { mode: 'ask', rules: [], askTimeoutMs: 20_000 },
        timers: clock,
      },
      (event, handle) => {
        if (event.type !== 'permission_request') return;
        // A person takes 6 s to answer, past the stall limit: nothing may trip meanwhile.
        expect(clock.advance(6000)).toBe(0);
        handle.respondToPermission(event.requestId, { decision: 'allow' });
      },
    );
    expect(resultOf(watched.events)).toMatchObject({ subtype: 'success', is_error: false });
  });

  it('ends a run whose CLI dies without a result with process_exit', async () => {
    fixture.fake.script(stall({ afterText: 'Partial' }));
    const watched = await fixture.run({}, (event) => {
      const pid = claudePid();
      if (event.type === 'stream_event' && pid) process.kill(pid, 'SIGKILL');
    });
    const error = eventsOf(watched.events, 'error')[0];
    expect(error).toMatchObject({ errorClass: 'process_exit', retryable: true });
    // In a sandbox the CLI's death by signal reaches us as bubblewrap's exit code 128 + 9.
    expect(error?.message).toMatch(/SIGKILL|code 137/);
    expect(resultOf(watched.events)).toMatchObject({ error_class: 'process_exit' });
    expect(leftOverProcesses(watched)).toEqual([]);
  });

  it('kills what the agent left running in the background when the run ends', async () => {
    const marker = `tail -f /dev/null ${fixture.dataDir}`;
    fixture.fake.script(
      toolCall({
        name: 'Bash',
        input: { command: `${marker} > /dev/null 2>&1 & echo started`, description: 'Start a watcher' },
      }),
      text('Started.'),
    );
    const watched = await fixture.run();
    expect(resultOf(watched.events).is_error).toBe(false);
    expect(toolResults(watched.events)).toEqual([{ text: 'started', isError: false }]);
    // The Bash tool starts commands in their own session, and this one is orphaned at once:
    // neither the CLI's group nor its tree holds it, so look it up by what it runs.
    const leftovers = descendantsOf(1).filter((info) => processFile(info.pid, 'cmdline').startsWith(marker));
    expect(leftovers).toEqual([]);
    expect(leftOverProcesses(watched)).toEqual([]);
  });

  it.each([
    ['missing', (dir: string) => join(dir, 'no-such-claude')],
    [
      'not executable',
      (dir: string) => {
        const file = join(dir, 'claude-not-executable');
        writeFileSync(file, '#!/bin/sh\n');
        chmodSync(file, 0o644);
        return file;
      },
    ],
  ])('reports a %s binary as spawn_failed', async (_label, makePath) => {
    const harness = createClaudeCodeHarness({ executablePath: makePath(fixture.dataDir) });
    const watched = await fixture.run({}, undefined, harness);
    expect(watched.events.map((event) => event.type)).toEqual(['error', 'result']);
    expect(resultOf(watched.events)).toMatchObject({ error_class: 'spawn_failed', num_turns: 0 });
  });
});
