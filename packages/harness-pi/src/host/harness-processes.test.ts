import { randomBytes } from 'node:crypto';
import { leftOverProcesses, scriptToolCall, toolResults } from '@lifeosai/harness-conformance';
import { descendantsOf, isLeftOver, type ProcEntry, processFile } from '@lifeosai/harness-kit';
import type { ProcessLauncher, RunContext } from '@lifeosai/harness-spec';
import { stall, text } from '@lifeosai/testkit/fake-llm';
import { describe, expect, it } from 'vitest';
import type { PiConfig } from '../shared/config.ts';
import { createPiHarness, piHarness } from './harness.ts';
import { providers, resultOf, useHarnessEnvironment } from './test-support.ts';

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(providers)('pi harness processes (%s)', (provider) => {
  const env = useHarnessEnvironment();

  it('cancels mid-stream within 2 s, leaving no process behind', async () => {
    env.fake().script(stall({ afterText: 'Partial answer' }));
    let cancelMs = 0;
    const watched = await env.run(env.context(provider), async (event, handle) => {
      if (cancelMs > 0 || event.type !== 'stream_event') return;
      const started = performance.now();
      await handle.cancel('test cancel');
      cancelMs = performance.now() - started;
    });
    expect(cancelMs).toBeGreaterThan(0);
    expect(cancelMs).toBeLessThan(2000);
    expect(resultOf(watched.events)).toMatchObject({
      subtype: 'error_during_execution',
      error_class: 'cancelled',
      errors: ['The run was cancelled: test cancel'],
    });
    expect(leftOverProcesses(watched)).toEqual([]);
    expect(descendantsOf(process.pid)).toEqual([]);
  });

  it('cancels through the run’s AbortSignal while a detached bash command runs, killing it too', async () => {
    const marker = `sleep-${randomBytes(4).toString('hex')}`;
    // A duration no other process uses: bash execs a lone command, so argv is just `sleep <n>`.
    const sleep = `sleep 30.${Math.floor(Math.random() * 1e6)}`;
    scriptToolCall(env.fake(), marker, 'bash', { command: sleep }, 'Slept.');
    const abort = new AbortController();
    let sleeper: number | undefined;
    const watched = await env.run(
      env.context(provider, { prompt: marker, signal: abort.signal }),
      async (event) => {
        if (event.type !== 'assistant' || sleeper !== undefined) return;
        sleeper = await waitFor(
          () =>
            descendantsOf(process.pid).find((info) => processFile(info.pid, 'cmdline').trim() === sleep)?.pid,
        );
        abort.abort('stop');
      },
    );
    expect(sleeper).toBeDefined();
    expect(resultOf(watched.events)).toMatchObject({ error_class: 'cancelled' });
    expect(isLeftOver(sleeper!)).toBe(false);
    expect(leftOverProcesses(watched)).toEqual([]);
  });

  it('cancels when the consumer stops reading', async () => {
    env.fake().script(stall({ afterText: 'Partial' }));
    const handle = createPiHarness().start(env.context(provider));
    const seen: ProcEntry[] = [];
    for await (const event of handle.events) {
      seen.push(...descendantsOf(process.pid));
      if (event.type === 'stream_event') break;
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter(isLeftOver).map((entry) => entry.pid)).toEqual([]);
    await handle.cancel(); // after the end: resolves at once
  });

  it('does not start a run whose signal is already aborted', async () => {
    const abort = new AbortController();
    abort.abort('too late');
    const { events, processes } = await env.run(env.context(provider, { signal: abort.signal }));
    expect(events.map((event) => event.type)).toEqual(['error', 'result']);
    expect(resultOf(events)).toMatchObject({ error_class: 'cancelled', num_turns: 0, total_cost_usd: 0 });
    expect(processes.size).toBe(0);
  });

  it('gives tools the run’s env but neither the API key nor the service’s environment', async () => {
    const marker = `env-${randomBytes(4).toString('hex')}`;
    const command =
      'sleep 0.3; echo "var=$LIFEOSAI_TEST_VAR home=$HOME key=$ANTHROPIC_API_KEY$OPENAI_API_KEY"';
    scriptToolCall(env.fake(), marker, 'bash', { command }, 'Printed.');
    const context = env.context(provider, { prompt: marker, env: { LIFEOSAI_TEST_VAR: 'from-run-env' } });
    const watched = await env.run(context);
    expect(toolResults(watched.events)[0]?.text.trim()).toBe(`var=from-run-env home=${context.dataDir} key=`);
    const shells = [...watched.processes.values()].filter((seen) => seen.cmdline.includes('sleep 0.3'));
    expect(shells.length).toBeGreaterThan(0);
    for (const shell of shells) {
      expect(shell.environ).toContain('PI_OFFLINE=1');
      expect(shell.environ).not.toContain(env.apiKey);
    }
  });

  it('ends a runner that dies without a result with process_exit and its redacted stderr', async () => {
    // A stand-in runner that prints what it was sent (the key included) and crashes.
    const crashing = createPiHarness({
      runner: {
        command: process.execPath,
        args: [
          '-e',
          "process.on('message', (m) => { console.error('boom', JSON.stringify(m)); process.exit(3); });",
        ],
      },
    });
    const handle = crashing.start(env.context(provider));
    const events = [];
    for await (const event of handle.events) events.push(event);
    const error = events.find((event) => event.type === 'error');
    expect(error).toMatchObject({ errorClass: 'process_exit', retryable: true });
    if (error?.type !== 'error') throw new Error('no error event');
    expect(error.message).toContain('code 3');
    expect(error.stderrTail).toContain('boom');
    expect(error.stderrTail).toContain('[REDACTED]');
    expect(JSON.stringify(events)).not.toContain(env.apiKey);
    expect(resultOf(events)).toMatchObject({ is_error: true, error_class: 'process_exit' });
  });

  it('reports a runner that cannot be spawned as spawn_failed', async () => {
    const missingBinary = createPiHarness({ runner: { command: '/nonexistent/node', args: [] } });
    const refusing: ProcessLauncher = {
      isolation: 'none',
      spawn: () => {
        throw new Error('EAGAIN');
      },
    };
    const refused = {
      start: (context: RunContext<PiConfig>) => piHarness.start({ ...context, launcher: refusing }),
    };
    for (const harness of [missingBinary, refused]) {
      const events = [];
      for await (const event of harness.start(env.context(provider)).events) events.push(event);
      expect(events.map((event) => event.type)).toEqual(['error', 'result']);
      expect(resultOf(events)).toMatchObject({ error_class: 'spawn_failed' });
    }
  });

  it('ends a run without a key for a hosted provider with auth, spawning nothing', async () => {
    const context = env.context(provider);
    const { events, processes } = await env.run({
      ...context,
      credentials: {},
      config: { ...context.config, baseUrl: undefined },
    });
    expect(resultOf(events)).toMatchObject({ error_class: 'auth' });
    expect(processes.size).toBe(0);
    env.fake().script(text('unused'));
  });
});
