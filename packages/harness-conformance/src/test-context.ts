import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PermissionPolicy, PlatformTool, RunContext, SessionState } from '@lifeosai/harness-spec';
import type { FakeLlm } from '@lifeosai/testkit/fake-llm';
import type { WatchedRun, WatchOptions } from './run-watcher.ts';

/** Directories one agent keeps across runs (so a resumed session finds its files). */
export interface AgentDirectories {
  cwd: string;
  dataDir: string;
  remove(): void;
}

export function makeAgentDirectories(): AgentDirectories {
  const root = mkdtempSync(join(tmpdir(), 'lifeosai-conformance-'));
  const cwd = join(root, 'workspace');
  const dataDir = join(root, 'data');
  mkdirSync(cwd);
  mkdirSync(dataDir);
  return { cwd, dataDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export const allowEverything: PermissionPolicy = { mode: 'allow', rules: [], askTimeoutMs: 10_000 };

export interface ContextInput<Config> {
  fake: FakeLlm;
  provider: 'anthropic' | 'openai';
  apiKey: string;
  config: Config;
  directories: AgentDirectories;
  prompt: string;
  session?: SessionState;
  permissions?: PermissionPolicy;
  platformTools?: PlatformTool[];
  mcpServers?: RunContext['mcpServers'];
  stallTimeoutMs?: number;
  runTimeoutMs?: number;
  signal?: AbortSignal;
}

/** A complete RunContext pointing the harness at the fake LLM with a canary API key. */
export function makeRunContext<Config>(input: ContextInput<Config>): RunContext<Config> {
  const baseUrl = input.provider === 'openai' ? `${input.fake.url}/v1` : input.fake.url;
  return {
    runId: `run_conformance_${randomBytes(4).toString('hex')}`,
    agentId: 'agt_conformance',
    prompt: input.prompt,
    instructions: 'You are a test agent. Follow the user exactly.',
    config: input.config,
    cwd: input.directories.cwd,
    dataDir: input.directories.dataDir,
    session: input.session ?? { kind: 'new' },
    credentials: { [input.provider]: { apiKey: input.apiKey, baseUrl } },
    env: {},
    signal: input.signal ?? new AbortController().signal,
    limits: { stallTimeoutMs: input.stallTimeoutMs ?? 20_000, runTimeoutMs: input.runTimeoutMs ?? 60_000 },
    platformTools: input.platformTools ?? [],
    mcpServers: input.mcpServers ?? {},
    skills: [],
    permissions: input.permissions ?? allowEverything,
  };
}

/** What a suite check gives for one run; the suite fills in the fake, key, directories and config. */
export type RunInput<Config> = Omit<
  ContextInput<Config>,
  'fake' | 'provider' | 'apiKey' | 'directories' | 'config'
> & {
  config?: Config;
};

/** Starts one run of the harness under test and watches it to the end. */
export type RunFn<Config> = (
  input: RunInput<Config>,
  onEvent?: WatchOptions['onEvent'],
) => Promise<WatchedRun>;
