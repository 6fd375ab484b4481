import { mkdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { providerIds } from '@lifeosai/config';
import type { Agent, Run } from '@lifeosai/db';
import type { Harness, ProviderCredentials, RunContext } from '@lifeosai/harness-spec';
import type { RunSandbox } from '@lifeosai/sandbox';
import { resolveMcpSecrets } from '../credentials/mcp-secrets.ts';
import { runConnections } from '../credentials/run-connections.ts';
import { validateAdapterConfig } from '../domain/validate-adapter-config.ts';
import { pluginsForRun } from '../plugins/run-plugins.ts';
import type { ExecutorDeps } from './executor-deps.ts';
import { sessionStateFor } from './session-state.ts';

/** A run ready to start: its harness, context and sandbox (the executor closes it). */
export interface PreparedRun {
  harness: Harness<unknown>;
  context: RunContext<unknown>;
  sandbox: RunSandbox;
  /** What the agent's plugins added, for the run's first `status` event; absent without plugins. */
  notice?: string;
}

/**
 * The prepare stage: the agent's workspace and state directory, its validated config, the
 * native session to work in (`sessionStateFor`: new, resume, fork or continue-interrupted), the
 * LLM proxy's credentials (never a provider key), fresh tokens of its granted OAuth connections
 * (in its environment and its MCP servers' `connection:ID` values), its MCP servers with their
 * `secret:` values resolved, skills and permissions, and what its plugins add (`pluginsForRun`).
 * Throws when the run cannot start (a missing secret: `SECRET_NOT_FOUND`; a revoked or failed
 * connection: `CONNECTION_UNAVAILABLE`, naming it).
 */
export async function prepareRun(deps: ExecutorDeps, run: Run, agent: Agent): Promise<PreparedRun> {
  const { platform, harness: config } = validateAdapterConfig(
    deps.harnesses,
    agent.adapterType,
    agent.adapterConfig,
  );
  const harness = deps.harnesses.get(agent.adapterType)!;
  const session = await deps.db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', run.sessionId)
    .executeTakeFirstOrThrow();
  const agentRoot = join(deps.home, 'agents', agent.id);
  const cwd = join(agentRoot, 'workspace');
  const dataDir = join(agentRoot, 'data');
  await mkdir(cwd, { recursive: true, mode: 0o700 });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const connections = await runConnections(deps.connectionToken, run.orgId, agent.connections, platform.env);
  const mcpServers = harness.capabilities.mcp
    ? await resolveMcpSecrets(
        platform.mcpServers ?? {},
        (name) => deps.revealSecret(run.orgId, name),
        connections.tokenOf,
      )
    : {};
  const ownSkills = (platform.skills ?? []).map((skill) => ({
    name: skill.split('/').at(-1)!,
    path: insideWorkspace(cwd, skill),
  }));
  const plugins = await pluginsForRun(deps, run.orgId, agent.plugins, harness.capabilities, {
    skills: ownSkills.map((skill) => skill.name),
    mcpServers: Object.keys(mcpServers),
    ...(platform.pluginConfig && { pluginConfig: platform.pluginConfig }),
  });
  const instructions = [agent.instructions, ...plugins.instructions].filter(Boolean).join('\n\n');
  const abort = new AbortController();
  const sandbox = await deps.sandboxes.open({
    agentId: agent.id,
    workspace: cwd,
    stateDirectory: dataDir,
    concurrentRuns: agent.maxConcurrentRuns,
    ...(plugins.readOnly && { readOnly: plugins.readOnly }),
  });
  const context: RunContext<unknown> = {
    runId: run.id,
    agentId: agent.id,
    prompt: run.prompt,
    ...(instructions && { instructions }),
    config,
    cwd,
    dataDir,
    session: await sessionStateFor(deps.db, run, session, harness.capabilities),
    credentials: await proxyCredentials(deps, run, sandbox.platformOrigin),
    // The platform's own variables win over a connection's name for a token.
    env: { ...connections.env, ...(await deps.runEnvironment?.(run, sandbox.platformOrigin)) },
    launcher: sandbox.launcher,
    signal: abort.signal,
    limits: { stallTimeoutMs: deps.stallTimeoutMs, runTimeoutMs: run.timeoutSec * 1000 },
    platformTools: harness.capabilities.mcp ? deps.platformToolsFor(run, cwd) : [],
    mcpServers: { ...mcpServers, ...plugins.mcpServers },
    skills: [...ownSkills, ...plugins.skills],
    permissions: platform.permissions ?? { mode: 'allow', rules: [], askTimeoutMs: 300_000 },
  };
  return { harness, context, sandbox, ...(plugins.notice && { notice: plugins.notice }) };
}

/**
 * Every provider at the LLM proxy (the platform as the run's sandbox reaches it), with the
 * run's proxy token as the key: the harness
 * configures its SDK exactly as for the provider (`<origin>/llm/<provider>` in the
 * provider's base-URL convention), and no real key enters the run.
 */
async function proxyCredentials(
  deps: ExecutorDeps,
  run: Run,
  platformOrigin: string,
): Promise<ProviderCredentials> {
  const origin = platformOrigin.replace(/\/+$/, '');
  const apiKey = await deps.runTokens.mint(run, run.timeoutSec + 60, 'llm');
  return Object.fromEntries(
    providerIds.map((provider) => [provider, { apiKey, baseUrl: `${origin}/llm/${provider}` }]),
  );
}

function insideWorkspace(workspace: string, relative: string): string {
  const path = resolve(workspace, relative);
  if (!path.startsWith(workspace + sep))
    throw new Error(`Skill folder ${relative} is outside the agent's workspace.`);
  return path;
}
