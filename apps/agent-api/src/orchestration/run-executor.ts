import { lastRunEventSeq, nowIso, type Run } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';
import { type HarnessEvent, type ResultEvent, type UnifiedEvent, withEnvelope } from '@lifeosai/events';
import { failureEvents } from '@lifeosai/harness-kit';
import type { RunHandle } from '@lifeosai/harness-spec';
import type { RunSandbox } from '@lifeosai/sandbox';
import { getAgent } from '../domain/agents.ts';
import type { RunStop } from '../events/run-command.ts';
import { EventWriter } from './event-writer.ts';
import type { ExecutorDeps } from './executor-deps.ts';
import { finalizeRun } from './finalize-run.ts';
import { prepareRun } from './prepare-run.ts';
import { recordRunUsage } from './run-usage.ts';

/** What the invoker keeps about a run executing here. */
export interface LocalRun {
  handle?: RunHandle;
  /** Set when cancel was asked before the harness started. */
  cancelled: boolean;
  /** Set when the platform ends the run itself (`run.stop`): its ending replaces the harness's. */
  stop?: RunStop;
}

/**
 * Executes one claimed run in named stages: prepare (context) → execute (stream events
 * into the writer) → end (the run's wire usage in its `result`) → finalize (run row, session
 * handle, budget). Never throws: whatever goes wrong ends the run with an `error` + `result`
 * like any harness failure.
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
    // Hearers (push, channels) learn of an event once it is stored: a notification never
    // sends anyone to a conversation that does not show it yet.
    writer.push(event, deps.onRunEvent && (() => deps.onRunEvent?.(run, event)));
    return event;
  };

  // The harness's result is held back: the run's wire usage goes into it first.
  let harnessResult: ResultEvent | undefined;
  let failure: { events: ReturnType<typeof failureEvents>; errorCode?: string } | undefined;
  let nativeSessionId: string | undefined;
  let stopped: LocalRun['stop'];
  let sandbox: RunSandbox | undefined;
  try {
    if (!agent) throw new Error(`Agent ${run.agentId} no longer exists.`);
    const prepared = await prepareRun(deps, run, agent);
    sandbox = prepared.sandbox;
    if (prepared.notice) emit({ type: 'status', status: 'starting', message: prepared.notice });
    if (local.cancelled) {
      failure = { events: failureEvents('cancelled', 'The run was cancelled before it started.') };
    } else {
      const handle = prepared.harness.start(prepared.context);
      local.handle = handle;
      deps.lifecycle?.started(run, harnessId);
      for await (const body of handle.events) {
        if (harnessResult) continue; // contract: nothing follows the result
        if (body.type === 'result') {
          harnessResult = body;
          // A stop that comes after the harness finished (a late background call refused)
          // does not rewrite how the run ended.
          stopped = local.stop;
          continue;
        }
        emit(body);
        if (body.type === 'system' && body.native?.sessionId) nativeSessionId = body.native.sessionId;
      }
    }
  } catch (error) {
    failure = isPlatformError(error)
      ? { events: failureEvents('spawn_failed', error.message), errorCode: error.code }
      : {
          events: failureEvents(
            'unknown',
            `The run failed before it could finish: ${(error as Error).message}`,
          ),
        };
  }

  // Whatever the harness left behind in the sandbox ends with it.
  await sandbox?.close().catch(() => undefined);
  const stop = harnessResult ? stopped : local.stop;
  const ending = stop
    ? failureEvents(stop.errorClass, stop.message, 'error_max_budget_usd')
    : (failure?.events ??
      (harnessResult ? undefined : failureEvents('process_exit', 'The harness ended without a result.')));
  if (ending) emit(ending[0]);
  const base = ending ? ending[1] : harnessResult!;
  await deps.settleUsage?.(run.id);
  const usage = await recordRunUsage(deps.db, run, harnessResult);
  const result: ResultEvent = {
    ...(base as ResultEvent),
    ...(ending &&
      harnessResult && { num_turns: harnessResult.num_turns, duration_ms: harnessResult.duration_ms }),
    usage: usage.usage,
    modelUsage: usage.modelUsage,
    total_cost_usd: usage.costUsd,
    cost_computed: usage.costComputed,
  };
  emit(result);

  const errorCode = stop ? undefined : failure?.errorCode;
  try {
    await writer.close();
  } catch (error) {
    const storageError = `Events could not be stored: ${(error as Error).message}`;
    const status = await finalizeRun(deps.db, run, owner, { result: undefined, storageError });
    deps.lifecycle?.ended(run, harnessId, status, undefined);
    return status;
  }
  const status = await finalizeRun(deps.db, run, owner, {
    result,
    ...(nativeSessionId && { nativeSessionId }),
    ...(errorCode && { errorCode }),
  });
  deps.lifecycle?.ended(run, harnessId, status, result);
  return status;
}
