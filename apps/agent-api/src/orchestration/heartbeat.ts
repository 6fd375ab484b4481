import type { Run } from '@lifeosai/db';
import { type Agent, type Database, newId, nowIso } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';
import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { WakeInput } from '../domain/wakes.ts';

/** What a heartbeat needs of the orchestrator: a durable wake, once per idempotency key. */
export interface HeartbeatWaker {
  wake(input: WakeInput): Promise<{ run: Run; coalesced: boolean }>;
}

/** An agent's heartbeat settings, as stored (validated by the API contract's `heartbeatSchema`). */
export interface HeartbeatSettings {
  enabled: boolean;
  intervalSec?: number;
  cron?: string;
  activeHours?: { start: string; end: string; timezone: string };
  prompt?: string;
}

/** What one tick did for one agent. */
export type HeartbeatOutcome = { agentId: string; slot: string } & (
  | { action: 'woke'; runId: string; items: number }
  | { action: 'skipped'; reason: string }
);

/**
 * The heartbeat slot an agent is due for at `now` (the latest scheduled instant ≤ now), or
 * undefined outside active hours. Slots are absolute instants, so every instance computes
 * the same one and the wake's idempotency key (`heartbeat:<slot>`) lets only one act on it.
 */
export function dueSlot(heartbeat: HeartbeatSettings, now: Date, createdAt: Date): Date | undefined {
  if (!heartbeat.enabled) return undefined;
  if (heartbeat.activeHours && !withinActiveHours(heartbeat.activeHours, now)) return undefined;
  if (heartbeat.intervalSec) {
    const periods = Math.floor((now.getTime() - createdAt.getTime()) / (heartbeat.intervalSec * 1000));
    return periods < 1 ? undefined : new Date(createdAt.getTime() + periods * heartbeat.intervalSec * 1000);
  }
  if (heartbeat.cron) {
    const previous = new Cron(heartbeat.cron, {
      timezone: heartbeat.activeHours?.timezone ?? 'UTC',
    }).previousRuns(1, now)[0];
    return previous && previous > createdAt ? previous : undefined;
  }
  return undefined;
}

/** Scheduled instants looked at for the next one inside active hours (a minute's interval: 33 h). */
const maxSlotsAhead = 2000;

/**
 * When the heartbeat next looks at the agent: its first scheduled slot after `now` inside its
 * active hours; undefined when it is off, or when no slot in the next `maxSlotsAhead` is. (A
 * slot only wakes the agent when something in its inbox is due then.)
 */
export function nextSlot(heartbeat: HeartbeatSettings, now: Date, createdAt: Date): Date | undefined {
  if (!heartbeat.enabled) return undefined;
  const inHours = (slot: Date) => !heartbeat.activeHours || withinActiveHours(heartbeat.activeHours, slot);
  if (heartbeat.intervalSec) {
    const period = heartbeat.intervalSec * 1000;
    const start = Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / period) + 1);
    for (let index = start; index < start + maxSlotsAhead; index++) {
      const slot = new Date(createdAt.getTime() + index * period);
      if (inHours(slot)) return slot;
    }
    return undefined;
  }
  if (heartbeat.cron) {
    const cron = new Cron(heartbeat.cron, { timezone: heartbeat.activeHours?.timezone ?? 'UTC' });
    let slot = cron.nextRun(now > createdAt ? now : createdAt);
    for (let looked = 1; slot && !inHours(slot) && looked < maxSlotsAhead; looked++)
      slot = cron.nextRun(slot);
    return slot && inHours(slot) ? slot : undefined;
  }
  return undefined;
}

function withinActiveHours(hours: { start: string; end: string; timezone: string }, now: Date): boolean {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: hours.timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return hours.start <= hours.end
    ? local >= hours.start && local < hours.end
    : local >= hours.start || local < hours.end;
}

/**
 * One heartbeat pass over every agent with a heartbeat. For each agent due for a new slot,
 * the cheap check runs first — pending inbox items that are due — and costs no tokens: an
 * idle agent's slot is recorded as a skipped wake and no run starts. Only when something
 * is due does it wake the agent with those items.
 */
export async function heartbeatTick(
  db: Kysely<Database>,
  orchestrator: HeartbeatWaker,
  now = new Date(),
): Promise<HeartbeatOutcome[]> {
  const agents = await db
    .selectFrom('agents')
    .selectAll()
    .where('heartbeat', 'is not', null)
    .where('status', '=', 'active')
    .where('deletedAt', 'is', null)
    .execute();
  const outcomes: HeartbeatOutcome[] = [];
  for (const agent of agents) {
    const outcome = await beatOnce(db, orchestrator, agent, now);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

async function beatOnce(
  db: Kysely<Database>,
  orchestrator: HeartbeatWaker,
  agent: Agent,
  now: Date,
): Promise<HeartbeatOutcome | undefined> {
  const heartbeat = agent.heartbeat as unknown as HeartbeatSettings | null;
  if (!heartbeat) return undefined;
  const slot = dueSlot(heartbeat, now, new Date(agent.createdAt));
  if (!slot) return undefined;
  const key = `heartbeat:${slot.toISOString()}`;
  const seen = await db
    .selectFrom('wakeRequests')
    .select('id')
    .where('agentId', '=', agent.id)
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
  if (seen) return undefined;

  const items = await db
    .selectFrom('agentInbox')
    .selectAll()
    .where('agentId', '=', agent.id)
    .where('runId', 'is', null)
    .where('dueAt', '<=', now.toISOString())
    .orderBy('dueAt')
    .execute();
  if (items.length === 0) return skipSlot(db, agent, key, slot, 'nothing due');

  const prompt = [
    heartbeat.prompt ?? 'Heartbeat: these items are due. Handle them.',
    ...items.map((item, index) => `${index + 1}. ${item.text}`),
  ].join('\n');
  let woken: Awaited<ReturnType<HeartbeatWaker['wake']>>;
  try {
    woken = await orchestrator.wake({
      orgId: agent.orgId,
      agentId: agent.id,
      source: 'heartbeat',
      trigger: { kind: 'heartbeat' },
      prompt,
      idempotencyKey: key,
      payload: { slot: slot.toISOString(), items: items.map((item) => item.id) },
      maxAttempts: 2,
    });
  } catch (error) {
    // The plan refuses new runs (402): this slot is skipped with the reason, the items stay
    // due for a later slot, and the other agents' beats go on.
    if (isPlatformError(error) && error.status === 402) return skipSlot(db, agent, key, slot, error.message);
    throw error;
  }
  const { run, coalesced } = woken;
  if (coalesced) return undefined;
  await db
    .updateTable('agentInbox')
    .set({ runId: run.id })
    .where(
      'id',
      'in',
      items.map((item) => item.id),
    )
    .where('runId', 'is', null)
    .execute();
  return { agentId: agent.id, slot: slot.toISOString(), action: 'woke', runId: run.id, items: items.length };
}

/** Records the slot as a skipped wake (once per slot, whichever instance gets there first). */
async function skipSlot(
  db: Kysely<Database>,
  agent: Agent,
  key: string,
  slot: Date,
  reason: string,
): Promise<HeartbeatOutcome | undefined> {
  const recorded = await db
    .insertInto('wakeRequests')
    .values({
      id: newId('wak'),
      orgId: agent.orgId,
      agentId: agent.id,
      source: 'heartbeat',
      idempotencyKey: key,
      payload: JSON.stringify({ slot: slot.toISOString() }),
      status: 'skipped',
      reason,
      createdAt: nowIso(),
      processedAt: nowIso(),
    })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  return recorded.numInsertedOrUpdatedRows
    ? { agentId: agent.id, slot: slot.toISOString(), action: 'skipped', reason }
    : undefined;
}
