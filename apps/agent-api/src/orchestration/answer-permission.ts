import type { Database, RunEvent } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { PermissionResponse } from '@lifeosai/harness-spec';
import type { Kysely } from 'kysely';
import { getRun } from '../domain/runs/index.ts';
import type { EventBus } from '../events/event-bus.ts';

export interface PermissionAnswer extends PermissionResponse {
  orgId: string;
  runId: string;
  requestId: string;
}

export interface AnswerPermissionDeps {
  db: Kysely<Database>;
  bus: EventBus;
  /** How long to wait for the harness's `permission_resolved` before giving up (ms). */
  confirmWithinMs?: number;
}

const recheckMs = 250;

/**
 * Hands a person's answer to the harness running the request, wherever the run executes,
 * and resolves once the harness has recorded it.
 *
 * The run's stored events are the truth on both sides: the request must be there and not
 * yet resolved; the answer goes out on the bus as a `permission.answer` command (the
 * instance executing the run hands it to `RunHandle.respondToPermission`); success is the
 * `permission_resolved` the harness then emits, stored like every event. So the caller
 * learns the outcome without knowing which instance acted, and once this resolves, the
 * event is in the run's history — a second answer finds it and gets a 409.
 *
 * Rejects with a PlatformError: 404 (unknown run or request), 409
 * `PERMISSION_ALREADY_RESOLVED` (answered by someone else, the policy, or the ask timeout —
 * also when that happens while this answer travels), 409 `RUN_NOT_ACTIVE`, or 503
 * `PERMISSION_NOT_DELIVERED` when the running run's harness did not confirm in time (the
 * command was lost with a connection; answering again is safe).
 */
export async function answerPermission(deps: AnswerPermissionDeps, answer: PermissionAnswer): Promise<void> {
  const { db, bus } = deps;
  const run = await getRun(db, answer.orgId, answer.runId);
  const events = await permissionEvents(db, run.id, 0);
  const request = events.find(
    (event) => event.type === 'permission_request' && event.data.requestId === answer.requestId,
  );
  if (!request) {
    throw new PlatformError('NOT_FOUND', `Run ${run.id} has no permission request ${answer.requestId}.`);
  }
  const earlier = resolutionOf(events, answer.requestId);
  if (earlier) throw alreadyResolved(answer.requestId, earlier);
  if (run.status !== 'running') throw notActive(run.id, run.status);

  let noticed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = bus.subscribe(run.id, () => {
    noticed = true;
    wake?.();
  });
  try {
    await bus.sendCommand({
      type: 'permission.answer',
      runId: run.id,
      requestId: answer.requestId,
      decision: answer.decision,
      ...(answer.message !== undefined && { message: answer.message }),
    });
    const deadline = Date.now() + (deps.confirmWithinMs ?? 10_000);
    while (Date.now() < deadline) {
      noticed = false;
      const later = await permissionEvents(db, run.id, request.seq);
      const resolved = resolutionOf(later, answer.requestId);
      if (resolved) {
        if (resolved.by === 'user' && resolved.decision === answer.decision) return;
        throw alreadyResolved(answer.requestId, resolved);
      }
      if (later.some((event) => event.type === 'result')) throw notActive(run.id, 'ending');
      if (noticed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(recheckMs, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
  }
  const latest = await getRun(db, answer.orgId, answer.runId);
  if (latest.status !== 'running') throw notActive(latest.id, latest.status);
  throw new PlatformError(
    'PERMISSION_NOT_DELIVERED',
    `The instance running run ${run.id} did not confirm the answer in time; answer again.`,
  );
}

/** The run's permission events (and its `result`, which closes open requests) after `after`. */
function permissionEvents(db: Kysely<Database>, runId: string, after: number): Promise<RunEvent[]> {
  return db
    .selectFrom('runEvents')
    .selectAll()
    .where('runId', '=', runId)
    .where('seq', '>', after)
    .where('type', 'in', ['permission_request', 'permission_resolved', 'result'])
    .orderBy('seq')
    .execute();
}

interface Resolution {
  decision: string;
  by: string;
}

function resolutionOf(events: RunEvent[], requestId: string): Resolution | undefined {
  const event = events.find(
    (candidate) => candidate.type === 'permission_resolved' && candidate.data.requestId === requestId,
  );
  return event && { decision: String(event.data.decision), by: String(event.data.by) };
}

function alreadyResolved(requestId: string, resolution: Resolution): PlatformError {
  const how = resolution.decision === 'allow' ? 'allowed' : 'denied';
  const who: Record<string, string> = {
    user: ' by a person',
    policy: ' by the policy',
    timeout: ' because nobody answered in time',
  };
  return new PlatformError(
    'PERMISSION_ALREADY_RESOLVED',
    `Permission request ${requestId} was already ${how}${who[resolution.by] ?? ''}.`,
  );
}

function notActive(runId: string, status: string): PlatformError {
  return new PlatformError(
    'RUN_NOT_ACTIVE',
    `Run ${runId} is ${status}; only a running run's permission requests can be answered.`,
  );
}
