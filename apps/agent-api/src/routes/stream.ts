import { idParams } from '@lifeosai/api-contract';
import type { Database, RunEvent } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { runExists } from '../domain/runs/index.ts';
import {
  findReadableRun,
  getReadableRun,
  getReadableSession,
  readableSessionIds,
} from '../domain/sessions/readers.ts';
import type { EventBus } from '../events/event-bus.ts';
import { followRun } from '../events/follow-run.ts';
import { openRunFeed, type RunFeedScope } from '../events/run-feed.ts';
import { openSseConnection, type SseConnection } from './sse-connection.ts';

/** What the stream routes use of the app's dependencies. */
export interface StreamRouteDeps {
  db: Kysely<Database>;
  bus: EventBus;
  /** SSE keep-alive comment period (ms); default 15 s. */
  sseKeepAliveMs?: number;
}

/** A run stream's event id: the event's seq. */
const seqCursor = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);

/** A feed's event id: `<runId>:<seq>`, so a reconnecting client resumes the right run. */
const feedCursor = z
  .string()
  .regex(/^[\w-]{1,100}:\d{1,15}$/)
  .transform((value) => {
    const colon = value.lastIndexOf(':');
    return { runId: value.slice(0, colon), seq: Number(value.slice(colon + 1)) };
  });

/**
 * Server-sent event streams:
 * - `GET /runs/:id/stream` — one run: replays after `Last-Event-ID` (or `?after=`), follows
 *   live, closes after the run's `result`. Event ids are seqs.
 * - `GET /sessions/:id/stream`, `GET /agents/:id/stream` — the UI's feeds: every run of the
 *   session or agent from now on, including runs that start later. Event ids are
 *   `<runId>:<seq>`; given back as `Last-Event-ID`, the rest of that run is replayed first.
 *   They never close on their own.
 * Every frame is `id`, `event: <type>` and `data: <the stored unified event>`. Streams end
 * when the app closes, so `app.close()` is not held open by clients.
 */
export function registerStreamRoutes(api: FastifyInstance, deps: StreamRouteDeps): void {
  const { db, bus } = deps;
  const keepAliveMs = deps.sseKeepAliveMs ?? 15_000;
  const open = new Set<SseConnection>();
  api.addHook('preClose', async () => {
    for (const connection of open) connection.end();
  });

  const stream = async (
    request: FastifyRequest,
    reply: FastifyReply,
    follow: (connection: SseConnection) => Promise<unknown>,
  ) => {
    const connection = openSseConnection(reply, { keepAliveMs });
    open.add(connection);
    try {
      await follow(connection);
    } catch (error) {
      // The response is already streaming: no error body can follow. Ending it makes the
      // client reconnect with its Last-Event-ID, which loses nothing.
      request.log.error({ err: error }, 'event stream failed; ending it');
    } finally {
      open.delete(connection);
      connection.end();
    }
  };

  api.get('/runs/:id/stream', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const after = readCursor(request, seqCursor, 'an event seq (a non-negative integer)');
    await getReadableRun(db, request.identity, id);
    await stream(request, reply, (connection) =>
      followRun({
        db,
        bus,
        runId: id,
        after: after ?? 0,
        signal: connection.signal,
        send: (event) => connection.write(frame(String(event.seq), event)),
      }),
    );
  });

  for (const kind of ['session', 'agent'] as const) {
    api.get(`/${kind}s/:id/stream`, async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const resume = readCursor(request, feedCursor, 'an event id of this feed ("<runId>:<seq>")');
      // Only the conversations the caller may read: a session feed 404s on another's, an
      // agent feed leaves their runs out.
      const scope: RunFeedScope = {
        orgId: request.identity.orgId,
        kind,
        id,
        readableSessions: readableSessionIds(db, request.identity),
      };
      if (kind === 'session') await getReadableSession(db, request.identity, id);
      else if (!(await agentExists(db, scope))) throw notFound(kind, id);
      if (resume) {
        const inFeed = await runExists(db, scope.orgId, resume.runId, { kind, id });
        const readable = inFeed && (await findReadableRun(db, request.identity, resume.runId));
        if (!readable)
          throw invalidCursor(`The resume point names no run of this ${kind}; reconnect without it.`);
      }
      const feed = await openRunFeed({ db, bus, scope, resume });
      await stream(request, reply, (connection) =>
        feed.follow(
          (event) => connection.write(frame(`${event.runId}:${event.seq}`, event)),
          connection.signal,
        ),
      );
    });
  }
}

/** One SSE frame. JSON.stringify escapes line breaks, so the event stays on one `data:` line. */
function frame(id: string, event: RunEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * Where to resume: the `Last-Event-ID` header a reconnecting EventSource sends, else
 * `?after=`. An empty header counts as absent (EventSource sends none before its first id).
 */
function readCursor<Cursor>(
  request: FastifyRequest,
  schema: z.ZodType<Cursor, string>,
  expected: string,
): Cursor | undefined {
  const header = request.headers['last-event-id'];
  const after = (request.query as { after?: unknown }).after;
  const [name, value] = header ? ['Last-Event-ID', header] : ['after', after];
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw invalidCursor(`${name} must be ${expected}, as sent in the stream's "id:" lines.`);
  return parsed.data;
}

function invalidCursor(message: string): PlatformError {
  return new PlatformError('INVALID_REQUEST', message);
}

async function agentExists(db: Kysely<Database>, scope: RunFeedScope): Promise<boolean> {
  const found = await db
    .selectFrom('agents')
    .select('id')
    .where('id', '=', scope.id)
    .where('orgId', '=', scope.orgId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  return found !== undefined;
}
