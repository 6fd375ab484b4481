import type { ListSessionsQuery, SessionPage, SessionSummary } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import { type Kysely, sql } from 'kysely';
import type { Identity } from '../../http/identity.ts';
import { triggerView } from '../trigger.ts';
import { readableBy } from './readers.ts';
import { deriveTitle } from './session-title.ts';

/** A page cursor: the last item's activity time and id (ties on the time are broken by id). */
const cursorPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~([\w-]{1,100})$/;

/**
 * `GET /agents/:id/sessions`: the agent's conversations the caller may read (`readableBy`),
 * latest activity first. Activity is the latest start or end of one of its runs (its creation
 * before any). `q` keeps those whose given title or one of whose messages contains it,
 * ignoring case (SQLite folds ASCII letters only).
 */
export async function listSessions(
  db: Kysely<Database>,
  identity: Identity,
  agentId: string,
  query: ListSessionsQuery,
): Promise<SessionPage> {
  const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  let sessions = summaries(db, identity).where('sessions.agentId', '=', agentId);
  if (query.q) {
    const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    sessions = sessions.where((eb) =>
      eb.or([
        sql<boolean>`lower(sessions.title) like ${pattern} escape '\\'`,
        eb.exists(
          eb
            .selectFrom('runs as r')
            .select('r.id')
            .whereRef('r.sessionId', '=', 'sessions.id')
            .where(sql<boolean>`lower(r.prompt) like ${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  let page = db.selectFrom(sessions.as('s')).selectAll();
  if (after) {
    page = page.where((eb) =>
      eb.or([
        eb('s.lastActivityAt', '<', after.at),
        eb.and([eb('s.lastActivityAt', '=', after.at), eb('s.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await page
    .orderBy('s.lastActivityAt', 'desc')
    .orderBy('s.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toSummary),
    nextCursor: rows.length > query.limit && last ? `${last.lastActivityAt}~${last.id}` : null,
  };
}

/** One conversation's list item (what `PATCH /sessions/:id` answers); 404 when not readable. */
export async function sessionSummary(
  db: Kysely<Database>,
  identity: Identity,
  sessionId: string,
): Promise<SessionSummary> {
  const row = await summaries(db, identity).where('sessions.id', '=', sessionId).executeTakeFirst();
  if (!row) throw notFound('session', sessionId);
  return toSummary(row);
}

/** The sessions the caller may read, with what a list item shows. */
function summaries(db: Kysely<Database>, identity: Identity) {
  return db
    .selectFrom('sessions')
    .innerJoin('agents', 'agents.id', 'sessions.agentId')
    .where(readableBy(identity))
    .select([
      'sessions.id',
      'sessions.title',
      'sessions.triggerKind',
      'sessions.triggerBy',
      'sessions.triggerByName',
      sql<string>`coalesce(
        (select max(coalesce(r.finished_at, r.created_at)) from runs r where r.session_id = sessions.id),
        sessions.created_at)`.as('lastActivityAt'),
      sql<string | null>`coalesce(
        (select r.prompt from runs r where r.session_id = sessions.id order by r.id limit 1),
        (select r.prompt from runs r where r.session_id = sessions.forked_from_session_id order by r.id limit 1))`.as(
        'firstPrompt',
      ),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): SessionSummary {
  return {
    id: row.id,
    title: row.title ?? deriveTitle(row.firstPrompt),
    lastActivityAt: row.lastActivityAt,
    startedBy: triggerView(row),
  };
}

/** Reads a `<time>~<id>` page cursor (this list's, and the channel history's); `400` when it is not one. */
export function parseCursor(cursor: string): { at: string; id: string } {
  const match = cursorPattern.exec(cursor);
  if (!match) {
    throw new PlatformError(
      'INVALID_REQUEST',
      "cursor must be a previous page's nextCursor, as sent; start again without it.",
    );
  }
  return { at: match[1]!, id: match[2]! };
}
