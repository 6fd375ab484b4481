import type { BillingOptions } from '@lifeosai/billing';
import type { Database, DialectName, Run } from '@lifeosai/db';
import { nowIso } from '@lifeosai/db';
import type { SandboxDecision } from '@lifeosai/sandbox';
import type { Kysely } from 'kysely';
import {
  cancelQueuedRun,
  claimRuns,
  extendLeases,
  getRun,
  requestCancel,
  terminalRunStatuses,
} from '../domain/runs/index.ts';
import { type WakeInput, wakeAgent } from '../domain/wakes.ts';
import type { RunCommand, RunStop } from '../events/run-command.ts';
import { answerPermission, type PermissionAnswer } from './answer-permission.ts';
import type { ExecutorDeps } from './executor-deps.ts';
import { heartbeatTick } from './heartbeat.ts';
import { recoverExpiredRuns } from './recover-runs.ts';
import { executeRun, type LocalRun } from './run-executor.ts';
import { writeTerminalEvents } from './terminal-events.ts';

/** Turns wakes into runs and runs them; one per Agent API instance. */
export interface Orchestrator {
  /**
   * Durable wake → queued run (or the run an earlier wake with the same key created). Rejects
   * with a `PlatformError` when the agent cannot take it (paused, budget spent, plan: 402).
   */
  wake(input: WakeInput): Promise<{ run: Run; coalesced: boolean }>;
  /** Cancels a queued or running run wherever it executes; resolves with its latest state. */
  cancel(orgId: string, runId: string): Promise<Run>;
  /**
   * Answers a run's permission request wherever the run executes; resolves once the harness
   * recorded it (`permission_resolved`). Rejects as `answerPermission` describes.
   */
  answerPermission(answer: PermissionAnswer): Promise<void>;
  /**
   * Ends a running run with the platform's own failure (the LLM proxy refused a call for
   * budget): the harness is cancelled and the run ends with an `error` and a failed `result`
   * of `stop.errorClass`, on whichever instance executes it (a `run.stop` bus command when
   * not this one). Never rejects; stopping a run twice keeps the first reason.
   */
  stopRun(runId: string, stop: RunStop): Promise<void>;
  /**
   * Starts claiming, lease renewal, recovery and the heartbeat scheduler. Only an instance
   * that executes runs calls it (role `worker` or `all`); an API instance's orchestrator
   * queues, cancels and answers, and never claims.
   */
  start(): void;
  /** Stops claiming; cancels runs executing here and waits for them to finish. */
  stop(): Promise<void>;
  /** Runs executing on this instance now. */
  localRunIds(): string[];
  /** Whether this instance's runs are sandboxed (`RunSandboxes.decision`: in local mode, maybe still probing). */
  readonly sandbox: Promise<SandboxDecision>;
}

export interface OrchestratorOptions extends ExecutorDeps {
  dialect: DialectName;
  /** This instance's lease-owner id. */
  instanceId: string;
  /** Runs this instance executes at once (global concurrency per instance). */
  maxConcurrentRuns?: number;
  /** How long a lease lasts without renewal; renewed every third of it (ms). */
  leaseMs?: number;
  /**
   * Where leases are renewed: a connection reserved for it (Postgres). A lease is this
   * instance's sign of life; renewed through the shared pool, it waits behind the very work
   * it vouches for, and a busy instance (runs streaming events, the LLM proxy's queries)
   * loses healthy runs to another instance's recovery. Default: `db`.
   */
  leaseDb?: Kysely<Database>;
  /** Queue poll period when nothing pokes the invoker (ms). */
  pollMs?: number;
  /** Billing and its plans: with billing on, a wake the plan does not allow is refused (402). Default off. */
  billing?: BillingOptions;
  /** Heartbeat check period (ms); 0 turns the heartbeat scheduler off. */
  heartbeatTickMs?: number;
  /** Called when a background step fails (logged by the service). */
  onError?: (error: unknown, step: string) => void;
  /**
   * Hears a run executed here reach its terminal status (push notifications). Contract: must
   * not throw or block. Not called for a queued run cancelled before it started, nor for a
   * run another instance's recovery finishes.
   */
  onRunEnded?: (run: Run, status: Run['status']) => void;
}

export function createOrchestrator(options: OrchestratorOptions): Orchestrator {
  const { db, bus } = options;
  const leaseMs = options.leaseMs ?? 15_000;
  const slots = options.maxConcurrentRuns ?? 8;
  const local = new Map<string, LocalRun>();
  const finished = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  let running = false;
  let stopHearingCommands: (() => void) | undefined;
  let claiming: Promise<void> | undefined;
  let claimAgain = false;
  const report = (step: string) => (error: unknown) => options.onError?.(error, step);

  const claim = (): Promise<void> => {
    if (!running) return Promise.resolve();
    if (claiming) {
      claimAgain = true;
      return claiming;
    }
    claiming = (async () => {
      do {
        claimAgain = false;
        const claimed = await claimRuns(db, options.dialect, {
          owner: options.instanceId,
          leaseMs,
          slots: slots - local.size,
        });
        for (const run of claimed) launch(run);
      } while (claimAgain && running);
    })()
      .catch(report('claim'))
      .finally(() => {
        claiming = undefined;
      });
    return claiming;
  };

  const launch = (run: Run) => {
    const entry: LocalRun = { cancelled: false };
    local.set(run.id, entry);
    const execution = executeRun(options, run, entry, options.instanceId)
      .then((status) => options.onRunEnded?.(run, status))
      .catch(report('execute'))
      .finally(() => {
        local.delete(run.id);
        finished.delete(execution);
        void claim();
      });
    finished.add(execution);
  };

  const cancelLocal = (runId: string, reason: string) => {
    const entry = local.get(runId);
    if (!entry) return;
    entry.cancelled = true;
    void entry.handle?.cancel(reason);
  };

  const stopLocal = (runId: string, stop: RunStop): boolean => {
    const entry = local.get(runId);
    if (!entry) return false;
    entry.stop ??= stop;
    cancelLocal(runId, stop.message);
    return true;
  };

  /** Commands from any instance (this one too): acted on only for runs executing here. */
  const onCommand = (command: RunCommand) => {
    if (command.type === 'run.queued') {
      void claim();
      return;
    }
    if (command.type === 'run.cancel') {
      cancelLocal(command.runId, 'cancelled by a user');
      return;
    }
    if (command.type === 'run.stop') {
      stopLocal(command.runId, { errorClass: command.errorClass, message: command.message });
      return;
    }
    const handle = local.get(command.runId)?.handle;
    if (!handle) return;
    handle.respondToPermission(command.requestId, {
      decision: command.decision,
      ...(command.message !== undefined && { message: command.message }),
    });
  };

  const leaseDb = options.leaseDb ?? db;
  let renewing = false;
  const renewLeases = async () => {
    const ids = [...local.keys()];
    // One renewal at a time: a slow one must not queue more behind it on its connection.
    if (ids.length === 0 || renewing) return;
    renewing = true;
    const leaseExpiresAt = new Date(Date.now() + leaseMs).toISOString();
    const renewed = await extendLeases(leaseDb, ids, options.instanceId, leaseExpiresAt).finally(() => {
      renewing = false;
    });
    const held = new Map(renewed.map((row) => [row.id, row.cancelRequested]));
    for (const id of ids) {
      // A lost lease means another instance recovered the run: stop ours at once.
      if (!held.has(id)) cancelLocal(id, 'lease lost');
      else if (held.get(id)) cancelLocal(id, 'cancelled by a user');
    }
  };

  const orchestrator: Orchestrator = {
    async wake(input) {
      const outcome = await wakeAgent(db, input, options.billing);
      if (!outcome.coalesced) {
        void claim();
        // Workers elsewhere (this may be an API instance, which never claims) claim at once.
        void bus.sendCommand({ type: 'run.queued', runId: outcome.run.id });
      }
      return outcome;
    },

    async cancel(orgId, runId) {
      const run = await getRun(db, orgId, runId);
      if (terminalRunStatuses.includes(run.status)) return run;
      if (run.status === 'queued') {
        const harness = await agentHarness(db, run.agentId);
        const outcome = await db.transaction().execute(async (trx) => {
          const cancelled = await cancelQueuedRun(trx, runId, nowIso());
          if (!cancelled) return undefined;
          const notice = await writeTerminalEvents(
            trx,
            { ...run, harness },
            'cancelled',
            'The run was cancelled before it started.',
          );
          return { cancelled, notice };
        });
        if (outcome) {
          await bus.publish(outcome.notice);
          options.lifecycle?.ended(run, harness, 'cancelled', undefined);
          return outcome.cancelled;
        }
      }
      options.lifecycle?.cancelRequested(run);
      await requestCancel(db, runId);
      // Here, or on the worker executing it (the flag above is the copy a lost command leaves).
      if (local.has(runId)) cancelLocal(runId, 'cancelled by a user');
      else await bus.sendCommand({ type: 'run.cancel', runId });
      return waitForEnd(db, orgId, runId, 5_000);
    },

    answerPermission: (answer) => answerPermission({ db, bus }, answer),

    async stopRun(runId, stop) {
      if (stopLocal(runId, stop)) return;
      await bus.sendCommand({ type: 'run.stop', runId, ...stop });
    },

    start() {
      if (running) return;
      running = true;
      stopHearingCommands = bus.onCommand(onCommand);
      timers.push(setInterval(() => void claim(), options.pollMs ?? 250));
      timers.push(
        setInterval(() => void renewLeases().catch(report('lease')), Math.max(100, Math.floor(leaseMs / 3))),
      );
      const recover = () =>
        void recoverExpiredRuns(db, bus)
          .then(() => claim())
          .catch(report('recover'));
      timers.push(setInterval(recover, leaseMs));
      recover();
      const heartbeatTickMs = options.heartbeatTickMs ?? 5_000;
      if (heartbeatTickMs > 0) {
        timers.push(
          setInterval(
            () =>
              void heartbeatTick(db, orchestrator)
                .then((outcomes) => {
                  for (const outcome of outcomes) options.lifecycle?.heartbeat(outcome);
                })
                .catch(report('heartbeat')),
            heartbeatTickMs,
          ),
        );
      }
    },

    async stop() {
      running = false;
      stopHearingCommands?.();
      for (const timer of timers.splice(0)) clearInterval(timer);
      await claiming;
      for (const id of local.keys()) cancelLocal(id, 'the service is stopping');
      await Promise.allSettled([...finished]);
    },

    localRunIds: () => [...local.keys()],
    sandbox: options.sandboxes.decision,
  };
  return orchestrator;
}

async function agentHarness(db: Kysely<Database>, agentId: string): Promise<string> {
  const agent = await db
    .selectFrom('agents')
    .select('adapterType')
    .where('id', '=', agentId)
    .executeTakeFirst();
  return agent?.adapterType ?? 'unknown';
}

async function waitForEnd(
  db: Kysely<Database>,
  orgId: string,
  runId: string,
  timeoutMs: number,
): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(db, orgId, runId);
    if (terminalRunStatuses.includes(run.status) || Date.now() > deadline) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
