import { randomBytes } from 'node:crypto';
import { type HarnessEvent, harnessEventSchema } from '@lifeosai/events';
import {
  makeAgentDirectories,
  openTestSandbox,
  uniqueTestAgentId,
  type WatchedRun,
  watchRun,
} from '@lifeosai/harness-conformance';
import { descendantsOf, processFile } from '@lifeosai/harness-kit';
import type { Harness, PlatformTool, RunContext, RunHandle } from '@lifeosai/harness-spec';
import type { RunSandbox } from '@lifeosai/sandbox';
import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type ClaudeCodeConfig, claudeCodeConfigSchema } from './config.ts';
import { claudeCodeHarness } from './harness.ts';

/*
 * Shared set-up for the adapter's own tests: the real SDK and CLI against the fake LLM,
 * one agent's directories per test file, a canary API key that must never leak.
 */

/** A model both the CLI and our price table know, so costs are real numbers. */
export const TEST_MODEL = 'claude-sonnet-4-6';

export interface Fixture {
  readonly fake: FakeLlm;
  readonly apiKey: string;
  readonly cwd: string;
  readonly dataDir: string;
  /** A complete run context against the fake; `overrides` win. */
  context(overrides?: Partial<RunContext<ClaudeCodeConfig>>): RunContext<ClaudeCodeConfig>;
  /** Starts a run, drains it while sampling processes, and checks what holds for every run. */
  run(
    overrides?: Partial<RunContext<ClaudeCodeConfig>>,
    onEvent?: (event: HarnessEvent, handle: RunHandle) => void | Promise<void>,
    harness?: Harness<ClaudeCodeConfig>,
  ): Promise<WatchedRun>;
}

/** Registers the fixture's hooks in the calling `describe` (or file) and returns it. */
export function useFixture(): Fixture {
  const state: { fake?: FakeLlm; dirs?: ReturnType<typeof makeAgentDirectories>; sandbox?: RunSandbox } = {};
  // A user of its own in the sandbox, so no other test file's processes count against its limits.
  const agentId = uniqueTestAgentId();
  const apiKey = `sk-ant-canary-${randomBytes(12).toString('hex')}`;
  beforeAll(async () => {
    state.fake = await startFakeLlm();
    state.dirs = makeAgentDirectories();
    state.sandbox = await openTestSandbox(state.dirs, [Number(new URL(state.fake.url).port)], agentId);
  });
  afterEach(() => state.fake?.reset());
  afterAll(async () => {
    await state.sandbox?.close();
    await state.fake?.close();
    state.dirs?.remove();
  });
  const fixture: Fixture = {
    get fake() {
      return state.fake!;
    },
    apiKey,
    get cwd() {
      return state.dirs!.cwd;
    },
    get dataDir() {
      return state.dirs!.dataDir;
    },
    context: (overrides = {}) => ({
      runId: `run_${randomBytes(4).toString('hex')}`,
      agentId,
      prompt: 'Say hello.',
      config: claudeCodeConfigSchema.parse({ model: TEST_MODEL, maxRetries: 0 }),
      cwd: state.dirs!.cwd,
      dataDir: state.dirs!.dataDir,
      session: { kind: 'new' },
      credentials: { anthropic: { apiKey, baseUrl: state.fake!.url } },
      env: {},
      launcher: state.sandbox!.launcher,
      signal: new AbortController().signal,
      limits: { stallTimeoutMs: 30_000, runTimeoutMs: 60_000 },
      platformTools: [],
      mcpServers: {},
      skills: [],
      permissions: { mode: 'allow', rules: [], askTimeoutMs: 10_000 },
      ...overrides,
    }),
    run: async (overrides, onEvent, harness = claudeCodeHarness) => {
      const watched = await watchRun(harness.start(fixture.context(overrides)), onEvent ? { onEvent } : {});
      expectWellFormed(watched, apiKey);
      return watched;
    },
  };
  return fixture;
}

/** Every event valid against our schemas, exactly one result and it is last, no secret anywhere. */
function expectWellFormed(watched: WatchedRun, apiKey: string): void {
  for (const event of watched.events) {
    const parsed = harnessEventSchema.safeParse(event);
    expect(parsed.success, `${event.type}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  }
  expect(watched.events.filter((event) => event.type === 'result')).toHaveLength(1);
  expect(watched.events.at(-1)?.type).toBe('result');
  expect(JSON.stringify(watched.events)).not.toContain(apiKey);
  for (const [pid, seen] of watched.processes) expect(seen.cmdline, `argv of ${pid}`).not.toContain(apiKey);
}

/** The events of one type, typed. */
export function eventsOf<Type extends HarnessEvent['type']>(
  events: readonly HarnessEvent[],
  type: Type,
): Array<Extract<HarnessEvent, { type: Type }>> {
  return events.filter((event): event is Extract<HarnessEvent, { type: Type }> => event.type === type);
}

/**
 * The pid of the running Claude Code CLI among this test process's descendants: the process
 * whose program is the CLI (the sandbox's own processes only name it among their arguments).
 */
export function claudePid(): number | undefined {
  return descendantsOf(process.pid).find((info) =>
    /^\S*claude-agent-sdk\S*\/claude /.test(processFile(info.pid, 'cmdline')),
  )?.pid;
}

/** A platform tool that records its calls and answers `echo:<text>`. */
export function echoTool(calls: Array<{ input: unknown; toolUseId?: string }>): PlatformTool {
  return {
    name: 'echo_text',
    description: 'Echoes the given text back, prefixed with echo:.',
    inputSchema: {
      type: 'object',
      properties: { text: { type: 'string', description: 'What to echo.' } },
      required: ['text'],
      additionalProperties: false,
    },
    handler: async (input, call) => {
      calls.push({ input, ...(call.toolUseId ? { toolUseId: call.toolUseId } : {}) });
      return { content: [{ type: 'text', text: `echo:${String(input.text)}` }] };
    },
  };
}

/** The suite's result reader, under the name these tests use. */
export { lastResult as resultOf } from '@lifeosai/harness-conformance';
