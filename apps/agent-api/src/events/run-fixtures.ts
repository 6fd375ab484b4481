import { appendRunEvents, type Database, newId, nowIso, type RunStatus, toJson } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { EventBus } from './event-bus.ts';

/**
 * Rows and events for stream and bus tests, inserted straight into the tables: the run
 * executor that normally writes them is outside these units.
 */
export interface FixtureRun {
  orgId: string;
  agentId: string;
  sessionId: string;
  runId: string;
}

export async function insertAgent(
  db: Kysely<Database>,
  orgId: string,
): Promise<{ orgId: string; agentId: string }> {
  const now = nowIso();
  const agentId = newId('agt');
  await db
    .insertInto('agents')
    .values({
      id: agentId,
      orgId,
      createdBy: 'usr_fixture',
      name: 'fixture agent',
      adapterType: 'pi',
      adapterConfig: toJson({}),
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return { orgId, agentId };
}

export async function insertSession(
  db: Kysely<Database>,
  agent: { orgId: string; agentId: string },
): Promise<string> {
  const now = nowIso();
  const sessionId = newId('ses');
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      orgId: agent.orgId,
      agentId: agent.agentId,
      harness: 'pi',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return sessionId;
}

export async function insertRun(
  db: Kysely<Database>,
  owner: { orgId: string; agentId: string; sessionId: string },
  status: RunStatus = 'running',
): Promise<FixtureRun> {
  const { orgId, agentId, sessionId } = owner;
  const runId = newId('run');
  await db
    .insertInto('runs')
    .values({
      id: runId,
      orgId,
      agentId,
      sessionId,
      status,
      prompt: 'p',
      timeoutSec: 60,
      createdAt: nowIso(),
    })
    .execute();
  return { orgId, agentId, sessionId, runId };
}

/** An agent, a session and a run of `orgId`. */
export async function insertAgentSessionRun(db: Kysely<Database>, orgId: string): Promise<FixtureRun> {
  const agent = await insertAgent(db, orgId);
  return insertRun(db, { ...agent, sessionId: await insertSession(db, agent) });
}

/**
 * What the run executor does per batch: appends events `from`…`from + count - 1` (the last
 * one a `result` when `terminal`), then announces them — with the rows when `withRows`, as
 * the event writer does, else ids only. `paddingBytes` makes each event bigger. Returns the
 * last seq.
 */
export async function writeRunEvents(
  db: Kysely<Database>,
  bus: EventBus,
  run: FixtureRun,
  from: number,
  count: number,
  options: { terminal?: boolean; paddingBytes?: number; withRows?: boolean } = {},
): Promise<number> {
  const ts = nowIso();
  const padding = 'x'.repeat(options.paddingBytes ?? 0);
  const events = Array.from({ length: count }, (_, index) => {
    const seq = from + index;
    const type = options.terminal && index === count - 1 ? 'result' : 'assistant';
    const body =
      type === 'result'
        ? { subtype: 'success', is_error: false, total_cost_usd: 0 }
        : {
            message: {
              role: 'assistant',
              content: [{ type: 'text', text: `event ${seq}\nline two ${padding}` }],
            },
          };
    const data = {
      seq,
      runId: run.runId,
      sessionId: run.sessionId,
      agentId: run.agentId,
      harness: 'pi',
      ts,
      type,
      ...body,
    };
    return { runId: run.runId, seq, type, ts, data };
  });
  await appendRunEvents(db, events);
  const last = from + count - 1;
  await bus.publish({
    runId: run.runId,
    seq: last,
    terminal: options.terminal ?? false,
    ...(options.withRows ? { events } : {}),
  });
  return last;
}
