/**
 * What the run sandbox costs at start: the same runs with the sandbox (bubblewrap, the agent
 * user, limits, the egress forwarder) and without it (plain processes, `LIFEOSAI_SANDBOX=off`),
 * alternating, in one process, against the fake LLM:
 *  1. a bare process: `node -e 0` through each launcher, spawn → exit;
 *  2. a whole Pi run and a whole Claude Code run: `start()` → `system`/`init`, and → `result`.
 * Reports medians and the ratio sandboxed / plain.
 * Run: npm run bench:sandbox -- [rounds]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claudeCodeConfigSchema, claudeCodeHarness } from '@lifeosai/harness-claude-code';
import { piHarness } from '@lifeosai/harness-pi';
import type { Harness, ProcessLauncher, RunContext } from '@lifeosai/harness-spec';
import { loadSandboxSettings, openRunSandbox, type RunSandbox } from '@lifeosai/sandbox';
import { startFakeLlm, text } from '@lifeosai/testkit/fake-llm';

const rounds = Number(process.argv[2] ?? 5);
const fake = await startFakeLlm();
fake.on(() => true, text('Sandboxed or not, here is the answer.', { chunks: 4 }));
const root = mkdtempSync(join(tmpdir(), 'lifeosai-bench-sandbox-'));
const workspace = join(root, 'agents', 'agt_bench', 'workspace');
const state = join(root, 'agents', 'agt_bench', 'data');
mkdirSync(workspace, { recursive: true });
mkdirSync(state, { recursive: true });

const settings = loadSandboxSettings({
  ...process.env,
  LIFEOSAI_SANDBOX_ALLOW: `127.0.0.1:${new URL(fake.url).port}`,
});
const open = (isolation: 'bubblewrap' | 'none'): Promise<RunSandbox> =>
  openRunSandbox(
    { agentId: 'agt_bench', workspace, stateDirectory: state, platformOrigin: 'http://127.0.0.1:65001' },
    settings,
    isolation,
  );

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function bareProcess(launcher: ProcessLauncher): Promise<number> {
  const started = performance.now();
  const launched = launcher.spawn({
    command: process.execPath,
    args: ['-e', '0'],
    cwd: workspace,
    env: { PATH: '/usr/bin:/bin', HOME: state },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  await new Promise((resolve) => launched.child.once('exit', resolve));
  const took = performance.now() - started;
  await launched.stop();
  return took;
}

async function wholeRun(harness: Harness<unknown>, config: unknown, launcher: ProcessLauncher) {
  const context: RunContext<unknown> = {
    runId: `run_bench_${randomBytes(4).toString('hex')}`,
    agentId: 'agt_bench',
    prompt: 'Answer.',
    config,
    cwd: workspace,
    dataDir: state,
    session: { kind: 'new' },
    credentials: { anthropic: { apiKey: 'sk-bench', baseUrl: fake.url } },
    env: {},
    launcher,
    signal: new AbortController().signal,
    limits: { stallTimeoutMs: 60_000, runTimeoutMs: 120_000 },
    platformTools: [],
    mcpServers: {},
    skills: [],
    permissions: { mode: 'allow', rules: [], askTimeoutMs: 10_000 },
  };
  const started = performance.now();
  let initMs = Number.NaN;
  let failed: string | undefined;
  for await (const event of harness.start(context).events) {
    if (event.type === 'system' && Number.isNaN(initMs)) initMs = performance.now() - started;
    if (event.type === 'result' && event.is_error) failed = event.errors?.join('; ');
  }
  if (failed) throw new Error(`a benchmark run failed: ${failed}`);
  return { initMs, resultMs: performance.now() - started };
}

const sandboxed = await open('bubblewrap');
const plain = await open('none');
const figures: Record<string, { sandboxed: number[]; plain: number[] }> = {};
const record = (name: string, which: 'sandboxed' | 'plain', value: number) => {
  figures[name] ??= { sandboxed: [], plain: [] };
  figures[name][which].push(value);
};
const harnesses: Array<[string, Harness<unknown>, unknown]> = [
  [
    'pi',
    piHarness as Harness<unknown>,
    { provider: 'anthropic', model: 'claude-sonnet-4-6', maxRetries: 0, thinking: 'off' },
  ],
  [
    'claude-code',
    claudeCodeHarness as Harness<unknown>,
    claudeCodeConfigSchema.parse({ model: 'claude-sonnet-4-6', maxRetries: 0 }),
  ],
];
try {
  // One of each first: disk caches and Node's compile cache warm for both sides alike.
  await bareProcess(sandboxed.launcher);
  await bareProcess(plain.launcher);
  for (let round = 0; round < rounds; round++) {
    for (const [which, sandbox] of [
      ['sandboxed', sandboxed],
      ['plain', plain],
    ] as const) {
      record('node -e 0: spawn → exit', which, await bareProcess(sandbox.launcher));
      for (const [name, harness, config] of harnesses) {
        const { initMs, resultMs } = await wholeRun(harness, config, sandbox.launcher);
        record(`${name}: start → init`, which, initMs);
        record(`${name}: start → result`, which, resultMs);
      }
    }
    process.stdout.write(`round ${round + 1}/${rounds} done\n`);
  }
} finally {
  await sandboxed.close();
  await plain.close();
  await fake.close();
  rmSync(root, { recursive: true, force: true });
}

console.log(`\nmedians over ${rounds} rounds (ms)`);
for (const [name, values] of Object.entries(figures)) {
  const withSandbox = median(values.sandboxed);
  const without = median(values.plain);
  console.log(
    `${name.padEnd(30)} sandboxed ${withSandbox.toFixed(0).padStart(6)}   plain ${without.toFixed(0).padStart(6)}   ratio ${(withSandbox / without).toFixed(2)}×  (+${(withSandbox - without).toFixed(0)} ms)`,
  );
}
