import type { RunTrigger } from '@lifeosai/api-contract';
import type { BillingOptions } from '@lifeosai/billing';
import { type Database, newId, nowIso, type Run, type WakeSource } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import type { Kysely, Transaction } from 'kysely';
import { getAgent } from './agents.ts';
import { pauseForBudget, spentBudget } from './budget.ts';
import { refuseOverPlan } from './plan-limits.ts';
import { findRun, insertQueuedRun } from './runs/index.ts';
import { authorOf, triggerColumns } from './trigger.ts';

/** A request to wake an agent: from the API, a heartbeat, a channel or a call. */
export interface WakeInput {
  orgId: string;
  agentId: string;
  source: WakeSource;
  /**
   * Who and how started it, recorded on the run (and on a new session, whose author it names).
   * Each door passes its own: the API from the caller, the heartbeat `heartbeat`, a channel or
   * phone call theirs with the sender.
   */
  trigger: RunTrigger;
  prompt: string;
  /** Continue this session (the harness resumes it); absent: a new session. */
  sessionId?: string;
  /** Same key for the same agent → the same run, never a second one. Generated if absent. */
  idempotencyKey?: string;
  payload?: Record<string, unknown>;
  /** Executions allowed if an instance dies mid-run (1: fail it, never re-run). */
  maxAttempts?: number;
}

/**
 * Turns a wake into a queued run, durably and at most once per idempotency key: the wake
 * row's unique (agent, key) is the guard, so a retried request or a duplicate delivery
 * from a channel is coalesced into the run the first one created. With billing on, a new run
 * the organization's plan does not allow is refused (402); a coalesced wake is not new.
 */
export async function wakeAgent(
  db: Kysely<Database>,
  input: WakeInput,
  billing?: BillingOptions,
): Promise<{ run: Run; coalesced: boolean }> {
  const key = input.idempotencyKey ?? newId('key');
  const existing = await findCoalesced(db, input.agentId, key);
  if (existing) return { run: existing, coalesced: true };
  await refuseSpentBudget(db, input.orgId, input.agentId);
  try {
    return await db.transaction().execute(async (trx) => {
      const agent = await getAgent(trx, input.orgId, input.agentId);
      if (agent.status === 'paused') {
        throw new PlatformError(
          'AGENT_PAUSED',
          `Agent ${agent.id} is paused: ${agent.pausedReason ?? 'no reason given'}`,
        );
      }
      // The plan last: an agent's own state (missing, paused, budget) is the better answer.
      await refuseOverPlan(trx, agent.orgId, billing, 'run');
      const now = nowIso();
      const sessionId =
        input.sessionId ??
        (await createSession(
          trx,
          { orgId: agent.orgId, agentId: agent.id, harness: agent.adapterType },
          input.trigger,
          now,
        ));
      if (input.sessionId) await requireSession(trx, input.orgId, agent.id, input.sessionId);
      const wakeId = newId('wak');
      const runId = newId('run');
      await trx
        .insertInto('wakeRequests')
        .values({
          id: wakeId,
          orgId: agent.orgId,
          agentId: agent.id,
          source: input.source,
          idempotencyKey: key,
          payload: JSON.stringify(input.payload ?? {}),
          status: 'queued',
          runId,
          createdAt: now,
          processedAt: now,
        })
        .execute();
      const run = await insertQueuedRun(trx, {
        id: runId,
        orgId: agent.orgId,
        agentId: agent.id,
        sessionId,
        wakeId,
        prompt: input.prompt,
        ...triggerColumns(input.trigger),
        maxAttempts: input.maxAttempts ?? 1,
        timeoutSec: agent.runTimeoutSec,
        createdAt: now,
      });
      await trx.updateTable('sessions').set({ updatedAt: now }).where('id', '=', sessionId).execute();
      return { run, coalesced: false };
    });
  } catch (error) {
    // Two requests with one key raced: the loser's insert hit the unique index.
    const winner = await findCoalesced(db, input.agentId, key);
    if (winner) return { run: winner, coalesced: true };
    throw error;
  }
}

/**
 * Pauses the agent and refuses the wake when its monthly budget is spent. Outside the wake's
 * transaction, so the pause stays when the wake is refused.
 */
async function refuseSpentBudget(db: Kysely<Database>, orgId: string, agentId: string): Promise<void> {
  const agent = await getAgent(db, orgId, agentId);
  if (agent.status === 'paused') return; // the wake's own check says so, with the agent's reason
  const spent = await spentBudget(db, agent);
  if (!spent) return;
  const reason = await pauseForBudget(db, agent.id, spent);
  throw new PlatformError('BUDGET_EXCEEDED', `Agent ${agent.id} is paused: ${reason}`, { status: 409 });
}

async function findCoalesced(db: Kysely<Database>, agentId: string, key: string): Promise<Run | undefined> {
  const wake = await db
    .selectFrom('wakeRequests')
    .select('runId')
    .where('agentId', '=', agentId)
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
  if (!wake?.runId) return undefined;
  return findRun(db, wake.runId);
}

async function createSession(
  trx: Transaction<Database>,
  of: { orgId: string; agentId: string; harness: string },
  trigger: RunTrigger,
  now: string,
) {
  const id = newId('ses');
  await trx
    .insertInto('sessions')
    .values({
      id,
      ...of,
      ...triggerColumns(trigger),
      authorId: authorOf(trigger),
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return id;
}

async function requireSession(trx: Transaction<Database>, orgId: string, agentId: string, sessionId: string) {
  const session = await trx
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', sessionId)
    .where('orgId', '=', orgId)
    .where('agentId', '=', agentId)
    .executeTakeFirst();
  if (!session) throw notFound('session', sessionId);
}
