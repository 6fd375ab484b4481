/**
 * Benchmarks of the Pi harness, on the recorded stream and the fake LLM:
 *  1. normalizer throughput — Pi events/s through `normalizePiEvents` (recorded fixture);
 *  2. adapter overhead — wall time of the same run through `piHarness` (a runner process
 *     per run, IPC, normalizing, watchdogs) against calling Pi's SDK directly, with the
 *     same fake and script: warm in this process, and cold in a fresh process per run
 *     (`direct-once.ts`, what the process-per-run design costs before any adapter code).
 * Run: npm run bench:pi -- [runs]
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { normalizePiEvents, type PiEvent, piHarness } from '@lifeosai/harness-pi';
import { echoTool, inProcessOptions, recordPiRun } from '@lifeosai/harness-pi/fixtures';
import { createPlainLauncher } from '@lifeosai/sandbox';
import { startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';

const runs = Number(process.argv[2] ?? 5);

function normalizerThroughput(): { eventsPerSecond: number; events: number } {
  const recorded = JSON.parse(
    readFileSync(
      new URL('../packages/harness-pi/src/fixtures/pi-events.anthropic.json', import.meta.url),
      'utf8',
    ),
  ) as PiEvent[];
  for (let warmup = 0; warmup < 2000; warmup += 1) normalizePiEvents(recorded);
  let events = 0;
  const started = performance.now();
  while (performance.now() - started < 2000) {
    normalizePiEvents(recorded);
    events += recorded.length;
  }
  return { eventsPerSecond: events / ((performance.now() - started) / 1000), events: recorded.length };
}

const directOnce = fileURLToPath(new URL('./pi-direct-once.ts', import.meta.url));

interface Phases {
  adapterMs: number;
  directMs: number;
  /** Pi's SDK in a fresh process per run: fork, boot, load Pi, run, exit. */
  coldDirectMs: number;
  /** Adapter: start → `system`/`init` (fork, Node boot, loading Pi, building the session). */
  startupMs: number;
  /** Adapter: last `assistant` → `result` (ending the process tree). */
  teardownMs: number;
}

async function overhead(): Promise<Phases> {
  const fake = await startFakeLlm();
  const root = mkdtempSync(join(tmpdir(), 'harness-pi-bench-'));
  const script = () =>
    fake.script(
      toolCall({
        name: 'mcp__lifeosai__echo_text',
        input: { text: 'hello' },
        text: 'Calling the echo tool.',
      }),
      text('The tool answered echo:hello, so everything works as expected.', { chunks: 8 }),
    );
  const prompt = 'Echo hello, then tell me what came back.';
  try {
    // Load Pi once in this process, so the direct runs measure runs, not the first import.
    script();
    await recordPiRun(inProcessOptions(join(root, 'warmup'), fake.url, prompt), [echoTool]);
    let directMs = 0;
    let coldDirectMs = 0;
    let adapterMs = 0;
    let startupMs = 0;
    let teardownMs = 0;
    for (let run = 0; run < runs; run += 1) {
      script();
      const directStarted = performance.now();
      await recordPiRun(inProcessOptions(join(root, `direct-${run}`), fake.url, prompt), [echoTool]);
      directMs += performance.now() - directStarted;

      script();
      const coldStarted = performance.now();
      await promisify(execFile)(process.execPath, [directOnce, fake.url, join(root, `cold-${run}`), prompt]);
      coldDirectMs += performance.now() - coldStarted;

      script();
      const cwd = join(root, `adapter-${run}`, 'workspace');
      const dataDir = join(root, `adapter-${run}`, 'data');
      mkdirSync(cwd, { recursive: true });
      mkdirSync(dataDir, { recursive: true });
      const adapterStarted = performance.now();
      const handle = piHarness.start({
        runId: `bench-${run}`,
        agentId: 'bench',
        prompt,
        config: { provider: 'anthropic', model: 'claude-sonnet-4-6', maxRetries: 0, thinking: 'off' },
        cwd,
        dataDir,
        session: { kind: 'new' },
        credentials: { anthropic: { apiKey: 'sk-bench', baseUrl: fake.url } },
        env: {},
        // Plain processes: this compares the adapter with the SDK; bench/sandbox-start.ts measures the sandbox.
        launcher: createPlainLauncher(),
        signal: new AbortController().signal,
        limits: { stallTimeoutMs: 60_000, runTimeoutMs: 120_000 },
        platformTools: [
          {
            name: 'echo_text',
            description: 'Echoes the given text back, prefixed with echo:.',
            inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
            handler: async (input) => ({ content: [{ type: 'text', text: `echo:${String(input.text)}` }] }),
          },
        ],
        mcpServers: {},
        skills: [],
        permissions: { mode: 'allow', rules: [], askTimeoutMs: 10_000 },
      });
      let last: unknown;
      let lastAssistantAt = 0;
      for await (const event of handle.events) {
        const now = performance.now();
        if (event.type === 'system') startupMs += now - adapterStarted;
        if (event.type === 'assistant') lastAssistantAt = now;
        if (event.type === 'result') teardownMs += now - lastAssistantAt;
        last = event;
      }
      adapterMs += performance.now() - adapterStarted;
      if ((last as { subtype?: string }).subtype !== 'success')
        throw new Error(`adapter run failed: ${JSON.stringify(last)}`);
    }
    return {
      adapterMs: adapterMs / runs,
      directMs: directMs / runs,
      coldDirectMs: coldDirectMs / runs,
      startupMs: startupMs / runs,
      teardownMs: teardownMs / runs,
    };
  } finally {
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const throughput = normalizerThroughput();
process.stdout.write(
  `normalizer: ${Math.round(throughput.eventsPerSecond).toLocaleString('en')} Pi events/s ` +
    `(recorded stream of ${throughput.events} events, replayed for 2 s)\n`,
);
const { adapterMs, directMs, coldDirectMs, startupMs, teardownMs } = await overhead();
const steadyMs = adapterMs - startupMs - teardownMs;
const ms = (value: number) => `${value.toFixed(0)} ms`;
process.stdout.write(
  `run (tool call + streamed answer, mean of ${runs}):\n` +
    `  Pi SDK direct, warm, in process:  ${ms(directMs)}\n` +
    `  Pi SDK direct, fresh process:     ${ms(coldDirectMs)}\n` +
    `  piHarness:                        ${ms(adapterMs)} (startup ${ms(startupMs)}, run ${ms(steadyMs)}, ` +
    `teardown ${ms(teardownMs)})\n` +
    `  overhead vs warm: ${ms(adapterMs - directMs)}, ratio ${(adapterMs / directMs).toFixed(1)}x; ` +
    `vs fresh process: ${ms(adapterMs - coldDirectMs)}, ratio ${(adapterMs / coldDirectMs).toFixed(2)}x\n`,
);
