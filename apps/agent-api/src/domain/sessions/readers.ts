import type { Agent, Database, Run, Session } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import { hasRole } from '@lifeosai/identity';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Identity } from '../../http/identity.ts';
import { findRunInSessions } from '../runs/index.ts';

/**
 * Who may read a conversation (a session and its runs), the one rule every route applies:
 * - the agent's `visibility` is `organization`: every member of its organization;
 * - `private`: the session's author (who started it); for a session no person started
 *   (heartbeat, channel, phone — no author), the agent's creator and the organization's
 *   admins and owners;
 * - an agent holding its run token: its own agent's conversations (the token reaches only its
 *   own run, see `agentMayCall`).
 * A conversation the caller may not read is a 404, like one of another organization.
 */
export function readableBy(
  identity: Identity,
): (eb: ExpressionBuilder<Database, 'sessions' | 'agents'>) => Expression<SqlBool> {
  return (eb) => {
    const org = eb('sessions.orgId', '=', identity.orgId);
    if (identity.agent) return eb.and([org, eb('sessions.agentId', '=', identity.agent.agentId)]);
    const unauthored = eb('sessions.authorId', 'is', null);
    return eb.and([
      org,
      eb.or([
        eb('agents.visibility', '=', 'organization'),
        eb('sessions.authorId', '=', identity.userId),
        hasRole(identity.role, 'admin')
          ? unauthored
          : eb.and([unauthored, eb('agents.createdBy', '=', identity.userId)]),
      ]),
    ]);
  };
}

/** The ids of the sessions the caller may read, as a subquery (`where sessionId in …`). */
export function readableSessionIds(db: Kysely<Database>, identity: Identity) {
  return db
    .selectFrom('sessions')
    .innerJoin('agents', 'agents.id', 'sessions.agentId')
    .select('sessions.id')
    .where(readableBy(identity));
}

/** A session the caller may read; `404 NOT_FOUND` otherwise (unknown, foreign or private). */
export async function getReadableSession(
  db: Kysely<Database>,
  identity: Identity,
  sessionId: string,
): Promise<Session> {
  const session = await db
    .selectFrom('sessions')
    .innerJoin('agents', 'agents.id', 'sessions.agentId')
    .selectAll('sessions')
    .where('sessions.id', '=', sessionId)
    .where(readableBy(identity))
    .executeTakeFirst();
  if (!session) throw notFound('session', sessionId);
  return session;
}

/** A run whose conversation the caller may read; undefined otherwise. */
export function findReadableRun(
  db: Kysely<Database>,
  identity: Identity,
  runId: string,
): Promise<Run | undefined> {
  return findRunInSessions(db, identity.orgId, runId, readableSessionIds(db, identity));
}

/** A run whose conversation the caller may read; `404 NOT_FOUND` otherwise. */
export async function getReadableRun(db: Kysely<Database>, identity: Identity, runId: string): Promise<Run> {
  const run = await findReadableRun(db, identity, runId);
  if (!run) throw notFound('run', runId);
  return run;
}

/**
 * Whether the caller may read the agent's conversations no person started (heartbeat, channel,
 * phone): the same rule as `readableBy` for an authorless session, for what is not a session
 * yet (a channel's chats and messages, before and between their runs).
 */
export function mayReadUnauthored(
  identity: Identity,
  agent: Pick<Agent, 'id' | 'orgId' | 'visibility' | 'createdBy'>,
): boolean {
  if (agent.orgId !== identity.orgId) return false;
  if (identity.agent) return identity.agent.agentId === agent.id;
  return (
    agent.visibility === 'organization' ||
    hasRole(identity.role, 'admin') ||
    agent.createdBy === identity.userId
  );
}
