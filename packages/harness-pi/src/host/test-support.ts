/*
 * Shared setup of the harness tests: a fake LLM per test file, agent directories, a run
 * context pointing Pi at the fake with a canary key, and a watcher that drains a run while
 * recording every process it spawned. Not a test file itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HarnessEvent, harnessEventSchema } from '@lifeosai/events';
import { openTestSandbox, uniqueTestAgentId, type WatchedRun, watchRun } from '@lifeosai/harness-conformance';
import type { RunContext, RunHandle } from '@lifeosai/harness-spec';
import type { RunSandbox } from '@lifeosai/sandbox';
import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { type PiConfig, piConfigSchema } from '../shared/config.ts';
import { piHarness } from './harness.ts';

type TestProvider = 'anthropic' | 'openai';

/** Both wire APIs the fake speaks; every behaviour is checked on each. */
export const providers: readonly TestProvider[] = ['anthropic', 'openai'];

/** The stdio MCP server fixture. */
export const mcpFixture = fileURLToPath(new URL('../fixtures/mcp-server.ts', import.meta.url));

/** A fresh per-file environment: fake LLM, directories, canaries. */
export function useHarnessEnvironment() {
  // A test may start several runner processes (each loads Pi, ~1 s); on a loaded machine
  // that takes far longer than the default 30 s allows.
  vi.setConfig({ testTimeout: 120_000 });
  const state: { fake?: FakeLlm; root?: string; sandbox?: RunSandbox } = {};
  // A user of its own in the sandbox, so no other test file's processes count against its limits.
  const agentId = uniqueTestAgentId();
  const apiKey = `sk-canary-${randomBytes(12).toString('hex')}`;
  const envCanary = `env-canary-${randomBytes(12).toString('hex')}`;
  beforeAll(async () => {
    process.env.LIFEOSAI_HARNESS_PI_ENV_CANARY = envCanary;
    state.fake = await startFakeLlm();
    state.root = mkdtempSync(join(tmpdir(), 'harness-pi-test-'));
    state.sandbox = await sandboxReaching([]);
  });
  afterEach(() => state.fake?.reset());
  afterAll(async () => {
    delete process.env.LIFEOSAI_HARNESS_PI_ENV_CANARY;
    await state.sandbox?.close();
    await state.fake?.close();
    if (state.root) rmSync(state.root, { recursive: true, force: true });
  });

  /**
   * A sandbox over every agent folder of this file that also reaches the fake LLM and the
   * given loopback ports (fixture servers a test starts). Close it when done.
   */
  const sandboxReaching = (ports: number[]): Promise<RunSandbox> =>
    openTestSandbox(
      { cwd: state.root!, dataDir: state.root! },
      [Number(new URL(state.fake!.url).port), ...ports],
      agentId,
    );

  /** Directories of one agent (fresh per call unless a name is reused). */
  const agentDirs = (name = randomBytes(4).toString('hex')) => {
    const cwd = join(state.root!, name, 'workspace');
    const dataDir = join(state.root!, name, 'data');
    mkdirSync(cwd, { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    return { cwd, dataDir };
  };

  /** A complete run context against the fake; override anything. */
  const context = (
    provider: TestProvider,
    overrides: Partial<Omit<RunContext<PiConfig>, 'config'>> & { config?: Partial<PiConfig> } = {},
  ): RunContext<PiConfig> => {
    const fake = state.fake!;
    const { config, ...rest } = overrides;
    return {
      runId: `run_${randomBytes(4).toString('hex')}`,
      agentId,
      prompt: 'Hello.',
      instructions: 'You are a test agent.',
      config: piConfigSchema.parse({
        provider,
        model: provider === 'openai' ? 'gpt-4o' : 'claude-sonnet-4-6',
        ...config,
      }),
      ...agentDirs(),
      session: { kind: 'new' },
      credentials: {
        [provider]: { apiKey, baseUrl: provider === 'openai' ? fake.openAiBaseUrl : fake.url },
      },
      env: {},
      launcher: state.sandbox!.launcher,
      signal: new AbortController().signal,
      limits: { stallTimeoutMs: 20_000, runTimeoutMs: 60_000 },
      platformTools: [],
      mcpServers: {},
      skills: [],
      permissions: { mode: 'allow', rules: [], askTimeoutMs: 10_000 },
      ...rest,
    };
  };

  /** Starts a run and drains it, checking what must hold for every run. */
  const run = async (
    runContext: RunContext<PiConfig>,
    onEvent?: (event: HarnessEvent, handle: RunHandle) => void | Promise<void>,
  ): Promise<WatchedRun> => {
    const watched = await watchRun(piHarness.start(runContext), onEvent ? { onEvent } : {});
    expectWellFormed(watched, apiKey, envCanary);
    return watched;
  };

  return { fake: () => state.fake!, apiKey, envCanary, agentDirs, context, run, sandboxReaching };
}

function expectWellFormed(watched: WatchedRun, apiKey: string, envCanary: string): void {
  for (const event of watched.events) expect(harnessEventSchema.safeParse(event).error).toBeUndefined();
  expect(watched.events.filter((event) => event.type === 'result')).toHaveLength(1);
  expect(watched.events.at(-1)?.type).toBe('result');
  expect(JSON.stringify(watched.events)).not.toContain(apiKey);
  for (const [pid, seen] of watched.processes) {
    expect(seen.cmdline, `argv of pid ${pid}`).not.toContain(apiKey);
    expect(seen.environ, `environment of pid ${pid}`).not.toContain(envCanary);
    expect(seen.environ, `environment of pid ${pid}`).not.toContain(apiKey);
  }
}

/** Id of the run's first `tool_use` block. */
export function toolCallId(events: readonly HarnessEvent[]): string | undefined {
  for (const event of events) {
    if (event.type !== 'assistant') continue;
    const block = event.message.content.find((candidate) => candidate.type === 'tool_use');
    if (block?.type === 'tool_use') return block.id;
  }
  return undefined;
}

/** The suite's echo tool and result reader, under the names these tests use. */
export { echoTool, lastResult as resultOf } from '@lifeosai/harness-conformance';
