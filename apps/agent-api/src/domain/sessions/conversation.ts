import { conversationEventTypes, type Session as SessionView } from '@lifeosai/api-contract';
import type { Database, Run, Session } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import { sessionRuns, toRunViews } from '../runs/index.ts';
import { deriveTitle } from './session-title.ts';

/** A session of the organization; `404 NOT_FOUND` when unknown or another organization's. */
export async function getSession(db: Kysely<Database>, orgId: string, sessionId: string): Promise<Session> {
  const session = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .where('orgId', '=', orgId)
    .executeTakeFirst();
  if (!session) throw notFound('session', sessionId);
  return session;
}

/**
 * The runs of a session's conversation, oldest first. A fork holds a reference, not copies:
 * its conversation is its source's (itself resolved the same way) up to and including the run
 * it was forked at, then its own runs. Forks only ever point at sessions that existed before
 * them, so the chain ends.
 */
export async function conversationRuns(db: Kysely<Database>, session: Session): Promise<Run[]> {
  const own = await sessionRuns(db, session.id);
  if (!session.forkedFromSessionId || !session.forkedAtRunId) return own;
  const source = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', session.forkedFromSessionId)
    .executeTakeFirst();
  if (!source) return own;
  const inherited = await conversationRuns(db, source);
  const cut = inherited.findIndex((run) => run.id === session.forkedAtRunId);
  return [...inherited.slice(0, cut + 1), ...own];
}

/** `GET /api/agent/sessions/:id`: the session and its whole conversation (a fork's inherited runs too). */
export async function sessionView(db: Kysely<Database>, session: Session): Promise<SessionView> {
  const runs = await conversationRuns(db, session);
  const events =
    runs.length === 0
      ? []
      : await db
          .selectFrom('runEvents')
          .select(['runId', 'seq', 'data'])
          .where(
            'runId',
            'in',
            runs.map((run) => run.id),
          )
          .where('type', 'in', conversationEventTypes)
          .orderBy('runId')
          .orderBy('seq')
          .execute();
  return {
    id: session.id,
    agentId: session.agentId,
    harness: session.harness,
    title: session.title ?? deriveTitle(runs[0]?.prompt),
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    forkedFrom: session.forkedFromSessionId
      ? { sessionId: session.forkedFromSessionId, runId: session.forkedAtRunId }
      : null,
    runs: (await toRunViews(db, runs)).map((run) => ({
      ...run,
      events: events.filter((event) => event.runId === run.id).map((event) => event.data as never),
    })),
  };
}
