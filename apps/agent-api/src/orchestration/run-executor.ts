import { mkdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { type Agent, type Database, lastRunEventSeq, newId, nowIso, type Run, toJson } from '@lifeosai/db';
import { type HarnessEvent, type ResultEvent, type UnifiedEvent, withEnvelope } from '@lifeosai/events';
import type {
  Harness,
  PlatformTool,
  ProviderCredentials,
  RunContext,
  RunHandle,
} from '@lifeosai/harness-spec';
import type { RunSandbox } from '@lifeosai/sandbox';
import type { Kysely } from 'kysely';
import { getAgent } from '../domain/agents.ts';
import { monthToDateCostUsd } from '../domain/budget.ts';
import { validateAdapterConfig } from '../domain/validate-adapter-config.ts';
import type { EventBus } from '../events/event-bus.ts';
import { EventWriter } from './event-writer.ts';
import type { RunSandboxes } from './run-sandboxes.ts';
import { failureEvents } from './terminal-events.ts';

export interface ExecutorDeps {
  db: Kysely<Database>;
  bus: EventBus;
  harnesses: ReadonlyMap<string, Harness<unknown>>;
  /** `$LIFEOSAI_HOME`: agent workspaces and harness state live under `agents/<id>/`. */
  home: string;
  /** Provider credentials for an organization (org settings, then the service's env). */
  credentialsFor(orgId: string): Promise<ProviderCredentials>;
  /** Tools the platform exposes to a run's agent. */
  platformToolsFor(run: Run, workspace: string): PlatformTool[];
  /**
   * Extra environment for the run's processes, e.g. the run's own agent token
   * (`LIFEOSAI_AGENT_TOKEN`); `platformOrigin` is where those processes reach the Agent API.
   */
  runEnvironment?(run: Run, platformOrigin: string): Promise<Record<string, string>>;
  /** Where runs execute: each run gets its own sandbox (or plain processes when switched off). */
  sandboxes: RunSandboxes;
  /** Longest harness silence before the run is ended as stalled (ms). */
  stallTimeoutMs: number;
}

/** What the invoker keeps about a run executing here. */
export interface LocalRun {
  handle?: RunHandle;
  /** Set when cancel was asked before the harness started. */
  cancelled: boolean;
}

const finalStatus = (result: ResultEvent | undefined): Run['status'] => {
  if (!result) return 'failed';
  if (!result.is_error) return 'succeeded';
  if (result.error_class === 'cancelled') return 'cancelled';
  if (result.error_class === 'timeout') return 'timed_out';
  return 'failed';
};

/**
 * Executes one claimed run in named stages: prepare (context) → execute (stream events
 * into the writer) → finalize (run row, session handle, usage, budget). Never throws:
 * whatever goes wrong ends the run with an `error` + `result` like any harness failure.
 */
export async function executeRun(
  deps: ExecutorDeps,
  run: Run,
  local: LocalRun,
  owner: string,
): Promise<Run['status']> {
  const writer = new EventWriter({ db: deps.db, bus: deps.bus, runId: run.id });
  const agent = await getAgent(deps.db, run.orgId, run.agentId).catch(() => undefined);
  const harnessId = agent?.adapterType ?? 'unknown';
  let seq = await lastRunEventSeq(deps.db, run.id);
  const emit = (body: HarnessEvent): UnifiedEvent => {
    const event = withEnvelope(body, {
      seq: ++seq,
      runId: run.id,
      sessionId: run.sessionId,
      agentId: run.agentId,
      harness: harnessId,
      ts: nowIso(),
    });
    writer.push(event);
    return event;
  };

  let result: ResultEvent | undefined;
  let nativeSessionId: string | undefined;
  let sandbox: RunSandbox | undefined;
  try {
    if (!agent) throw new Error(`Agent ${run.agentId} no longer exists.`);
    const prepared = await prepare(deps, run, agent);
    sandbox = prepared.sandbox;
    if (local.cancelled) {
      for (const body of failureEvents('cancelled', 'The run was cancelled before it started.')) emit(body);
    } else {
      const handle = prepared.harness.start(prepared.context);
      local.handle = handle;
      for await (const body of handle.events) {
        if (result) continue; // contract: nothing follows the result
        emit(body);
        if (body.type === 'system' && body.native?.sessionId) nativeSessionId = body.native.sessionId;
        if (body.type === 'result') result = body;
      }
    }
  } catch (error) {
    const message = `The run failed before it could finish: ${(error as Error).message}`;
    for (const body of failureEvents('unknown', message)) emit(body);
  }
  // Whatever the harness left behind in the sandbox ends with it.
  await sandbox?.close().catch(() => undefined);
  if (!result) {
    const missing = failureEvents('process_exit', 'The harness ended without a result.');
    for (const body of missing) emit(body);
    result = missing[1] as ResultEvent;
  }

  try {
    await writer.close();
  } catch (error) {
    return finalize(
      deps,
      run,
      owner,
      undefined,
      undefined,
      `Events could not be stored: ${(error as Error).message}`,
    );
  }
  return finalize(deps, run, owner, result, nativeSessionId);
}

async function prepare(deps: ExecutorDeps, run: Run, agent: Agent) {
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
  const abort = new AbortController();
  const sandbox = await deps.sandboxes.open({ agentId: agent.id, workspace: cwd, stateDirectory: dataDir });
  const context: RunContext<unknown> = {
    runId: run.id,
    agentId: agent.id,
    prompt: run.prompt,
    ...(agent.instructions && { instructions: agent.instructions }),
    config,
    cwd,
    dataDir,
    session: session.nativeSessionId
      ? { kind: 'resume', nativeSessionId: session.nativeSessionId }
      : { kind: 'new' },
    credentials: await deps.credentialsFor(run.orgId),
    env: (await deps.runEnvironment?.(run, sandbox.platformOrigin)) ?? {},
    launcher: sandbox.launcher,
    signal: abort.signal,
    limits: { stallTimeoutMs: deps.stallTimeoutMs, runTimeoutMs: run.timeoutSec * 1000 },
    platformTools: harness.capabilities.mcp ? deps.platformToolsFor(run, cwd) : [],
    mcpServers: harness.capabilities.mcp ? (platform.mcpServers ?? {}) : {},
    skills: (platform.skills ?? []).map((skill) => ({
      name: skill.split('/').at(-1)!,
      path: insideWorkspace(cwd, skill),
    })),
    permissions: platform.permissions ?? { mode: 'allow', rules: [], askTimeoutMs: 300_000 },
  };
  return { harness, context, sandbox };
}

function insideWorkspace(workspace: string, relative: string): string {
  const path = resolve(workspace, relative);
  if (!path.startsWith(workspace + sep))
    throw new Error(`Skill folder ${relative} is outside the agent's workspace.`);
  return path;
}

async function finalize(
  deps: ExecutorDeps,
  run: Run,
  owner: string,
  result: ResultEvent | undefined,
  nativeSessionId: string | undefined,
  storageError?: string,
): Promise<Run['status']> {
  const status = storageError ? 'failed' : finalStatus(result);
  const error = storageError
    ? { code: 'EVENTS_NOT_STORED', message: storageError }
    : result?.is_error
      ? {
          code: (result.error_class ?? 'unknown').toUpperCase(),
          message: result.errors?.join('; ') || 'The run failed.',
        }
      : null;
  const now = nowIso();
  await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('runs')
      .set({
        status,
        error: error ? toJson(error) : null,
        usage: result ? toJson(result.usage) : null,
        costUsd: result?.total_cost_usd ?? null,
        costComputed: result?.cost_computed ?? false,
        finishedAt: now,
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where('id', '=', run.id)
      .where('status', '=', 'running')
      .where('leaseOwner', '=', owner)
      .executeTakeFirst();
    // Lost the lease (another instance recovered the run): it owns the outcome now.
    if (updated.numUpdatedRows === 0n) return;
    if (nativeSessionId) {
      await trx
        .updateTable('sessions')
        .set({ nativeSessionId, updatedAt: now })
        .where('id', '=', run.sessionId)
        .execute();
    }
    for (const [model, usage] of usageByModel(result)) {
      await trx
        .insertInto('usageRecords')
        .values({
          id: newId('use'),
          orgId: run.orgId,
          agentId: run.agentId,
          runId: run.id,
          provider: 'unknown',
          model,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          cacheReadTokens: usage.cacheReadInputTokens,
          cacheWriteTokens: usage.cacheCreationInputTokens,
          costUsd: usage.costUSD ?? 0,
          costComputed: result?.cost_computed ?? false,
          createdAt: now,
        })
        .execute();
    }
  });
  await pauseIfOverBudget(deps.db, run.agentId);
  return status;
}

async function pauseIfOverBudget(db: Kysely<Database>, agentId: string): Promise<void> {
  const agent = await db
    .selectFrom('agents')
    .select(['monthlyBudgetUsd', 'status'])
    .where('id', '=', agentId)
    .executeTakeFirst();
  if (!agent || agent.monthlyBudgetUsd === null || agent.status === 'paused') return;
  const spent = await monthToDateCostUsd(db, agentId);
  if (spent < agent.monthlyBudgetUsd) return;
  await db
    .updateTable('agents')
    .set({
      status: 'paused',
      pausedReason: `Monthly budget of $${agent.monthlyBudgetUsd} reached ($${spent.toFixed(4)} spent); raise the budget or wait for next month.`,
      updatedAt: nowIso(),
    })
    .where('id', '=', agentId)
    .execute();
}

/** Per-model usage of a result; a harness that reports no model split gives one total row. */
function usageByModel(result: ResultEvent | undefined): Array<[string, ResultEvent['modelUsage'][string]]> {
  if (!result) return [];
  const entries = Object.entries(result.modelUsage);
  if (entries.length > 0) return entries;
  const { usage } = result;
  if (usage.input_tokens + usage.output_tokens === 0 && !result.total_cost_usd) return [];
  return [
    [
      'unknown',
      {
        inputTokens: usage.input_tokens,
        outputTokens: usage.output_tokens,
        cacheReadInputTokens: usage.cache_read_input_tokens,
        cacheCreationInputTokens: usage.cache_creation_input_tokens,
        costUSD: result.total_cost_usd,
      },
    ],
  ];
}
