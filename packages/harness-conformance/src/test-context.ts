import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  PermissionPolicy,
  PlatformTool,
  ProcessLauncher,
  RunContext,
  RunTimers,
  SessionState,
} from '@lifeosai/harness-spec';
import type { FakeLlm } from '@lifeosai/testkit/fake-llm';
import type { WatchedRun, WatchOptions } from './run-watcher.ts';
import type { ConformanceProvider } from './suite-options.ts';

/**
 * Directories one agent keeps across runs (so a resumed session finds its files), laid out as
 * the platform lays them out: inside a data directory that also holds the platform's key
 * files, its database, another agent's workspace and another organization's files — each
 * with a canary the escape checks look for.
 */
export interface AgentDirectories {
  /** The stand-in `$LIFEOSAI_HOME`. */
  home: string;
  /** The agent the folders belong to: the sandbox's user is derived from it. */
  agentId: string;
  cwd: string;
  dataDir: string;
  /** Files outside the agent's folders, each holding its canary. */
  forbidden: ReadonlyArray<{ path: string; canary: string }>;
  remove(): void;
}

/**
 * An agent id of its own for one test file. The sandbox runs each agent as its own user, and
 * process limits count per user: test files that shared an id shared one process budget, so
 * one file's fork bomb starved another file's runs when they ran in parallel.
 */
export function uniqueTestAgentId(prefix = 'agt_test'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export function makeAgentDirectories(agentId = uniqueTestAgentId('agt_conformance')): AgentDirectories {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-conformance-'));
  const cwd = join(home, 'agents', agentId, 'workspace');
  const dataDir = join(home, 'agents', agentId, 'data');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  const forbidden = [
    'master.key',
    'auth-secret',
    'signing-key.jwk',
    'lifeosai.db',
    join('agents', 'agt_other', 'workspace', 'notes.txt'),
    join('files', 'org_other', 'report.txt'),
  ].map((relative) => {
    const path = join(home, relative);
    const canary = `CANARY-${randomBytes(8).toString('hex')}`;
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `${canary}\n`, { mode: 0o600 });
    return { path, canary };
  });
  return {
    home,
    agentId,
    cwd,
    dataDir,
    forbidden,
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

export const allowEverything: PermissionPolicy = { mode: 'allow', rules: [], askTimeoutMs: 10_000 };

export interface ContextInput<Config> {
  fake: FakeLlm;
  provider: ConformanceProvider;
  apiKey: string;
  config: Config;
  directories: AgentDirectories;
  /** Where the run's processes start (the suite's sandbox). */
  launcher: ProcessLauncher;
  prompt: string;
  session?: SessionState;
  permissions?: PermissionPolicy;
  platformTools?: PlatformTool[];
  mcpServers?: RunContext['mcpServers'];
  stallTimeoutMs?: number;
  runTimeoutMs?: number;
  /** The clock the limits run on (a test's manual clock); default the real timers. */
  timers?: RunTimers;
  signal?: AbortSignal;
  /** Where the provider is, instead of the fake (an address nobody listens at, say). */
  baseUrl?: string;
}

/** A complete RunContext pointing the harness at the fake LLM with a canary API key. */
export function makeRunContext<Config>(input: ContextInput<Config>): RunContext<Config> {
  // Each SDK's convention: OpenAI-compatible base URLs end in /v1, Anthropic's and Gemini's do not.
  const baseUrl = input.baseUrl ?? (input.provider === 'openai' ? `${input.fake.url}/v1` : input.fake.url);
  return {
    runId: `run_conformance_${randomBytes(4).toString('hex')}`,
    agentId: input.directories.agentId,
    prompt: input.prompt,
    instructions: 'You are a test agent. Follow the user exactly.',
    config: input.config,
    cwd: input.directories.cwd,
    dataDir: input.directories.dataDir,
    session: input.session ?? { kind: 'new' },
    credentials: { [input.provider]: { apiKey: input.apiKey, baseUrl } },
    env: {},
    launcher: input.launcher,
    signal: input.signal ?? new AbortController().signal,
    limits: { stallTimeoutMs: input.stallTimeoutMs ?? 20_000, runTimeoutMs: input.runTimeoutMs ?? 60_000 },
    ...(input.timers ? { timers: input.timers } : {}),
    platformTools: input.platformTools ?? [],
    mcpServers: input.mcpServers ?? {},
    skills: [],
    permissions: input.permissions ?? allowEverything,
  };
}

/** What a suite check gives for one run; the suite fills in the fake, key, directories and config. */
export type RunInput<Config> = Omit<
  ContextInput<Config>,
  'fake' | 'provider' | 'apiKey' | 'directories' | 'config' | 'launcher'
> & {
  config?: Config;
};

/** Starts one run of the harness under test and watches it to the end. */
export type RunFn<Config> = (
  input: RunInput<Config>,
  onEvent?: WatchOptions['onEvent'],
) => Promise<WatchedRun>;
