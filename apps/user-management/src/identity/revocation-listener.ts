import { identityRevocationsChannel, identityRevocationTriggersInstalled, loadPg } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { Client, Notification } from 'pg';
import { z } from 'zod';
import type { FeedLog, RevocationFeed, RevocationTarget } from './revocation-feed.ts';

/** The listening connection's `application_name` (what an operator sees in `pg_stat_activity`). */
export const revocationListenerName = 'lifeosai-gateway-revocations';

const noticeSchema = z.object({ seq: z.number().int(), userId: z.string().min(1) });

/**
 * Cloud mode's feed: one connection per gateway instance LISTENs on the revocations channel;
 * the auth service's triggers NOTIFY it in the revoking transaction, so every instance hears of
 * a revocation when it commits — before the response that made it has gone back to its client.
 * Serving from the cache is free (`ready()` is a flag).
 *
 * The cache serves only while listening: from the first LISTEN (after checking the triggers
 * exist) until the connection is lost. A lost connection empties the cache (notices sent
 * meanwhile are gone) and the cache stays off until it is back, with backoff. An unreadable
 * notice empties the cache too.
 */
export function listenForRevocations(options: {
  /** `postgres://…` of the platform database. */
  url: string;
  /** The platform database (where the triggers are looked for). */
  db: Kysely<unknown>;
  log: FeedLog;
  /** Wait before the first reconnect attempt, doubled on each failure up to `max` (ms). */
  reconnectDelayMs?: { first: number; max: number };
}): (target: RevocationTarget) => RevocationFeed {
  const backoff = options.reconnectDelayMs ?? { first: 100, max: 5_000 };
  return (target) => {
    let listening: Client | undefined;
    let serving = false;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    let failedAttempts = 0;
    let connecting: Promise<void> | undefined;

    const onNotification = (message: Notification) => {
      if (message.channel !== identityRevocationsChannel) return;
      const notice = parse(message.payload);
      if (notice) target.forgetUser(notice.userId);
      else {
        target.clear();
        options.log.warn({}, 'identity cache: unreadable revocation notice; forgot every identity');
      }
    };

    const lost = (client: Client, error: Error | undefined) => {
      if (closed || client !== listening) return;
      listening = undefined;
      serving = false;
      target.clear();
      options.log.warn(
        { err: error },
        'identity cache: lost the revocation listener; asking auth until it is back',
      );
      client.end().catch(() => {});
      schedule();
    };

    const schedule = () => {
      if (closed || timer) return;
      const ceiling = Math.min(backoff.max, backoff.first * 2 ** failedAttempts);
      failedAttempts++;
      timer = setTimeout(
        () => {
          timer = undefined;
          connecting = connect().finally(() => {
            connecting = undefined;
          });
        },
        ceiling / 2 + Math.random() * (ceiling / 2),
      );
      timer.unref();
    };

    async function connect(): Promise<void> {
      const pg = await loadPg();
      const client = new pg.Client({
        connectionString: options.url,
        application_name: revocationListenerName,
        connectionTimeoutMillis: 10_000,
        // A NAT or load balancer may drop an idle connection silently; probes turn that into an error.
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      });
      client.on('notification', onNotification);
      client.on('error', (error) => lost(client, error));
      client.on('end', () => lost(client, undefined));
      try {
        await client.connect();
        listening = client;
        await client.query(`LISTEN "${identityRevocationsChannel}"`);
        if (!(await identityRevocationTriggersInstalled(options.db, 'postgres'))) {
          throw new Error('the identity revocation triggers are missing (has the auth service started?)');
        }
      } catch (error) {
        if (listening === client) listening = undefined;
        client.end().catch(() => {});
        if (!closed)
          options.log.warn({ err: error }, 'identity cache: cannot listen for revocations; retrying');
        schedule();
        return;
      }
      if (closed) {
        await client.end().catch(() => {});
        return;
      }
      // Whatever was cached before this connection may have missed notices.
      target.clear();
      failedAttempts = 0;
      serving = true;
    }

    connecting = connect().finally(() => {
      connecting = undefined;
    });

    return {
      ready: () => serving,
      async close() {
        if (closed) return;
        closed = true;
        serving = false;
        clearTimeout(timer);
        await connecting;
        const client = listening;
        listening = undefined;
        await client?.end().catch(() => {});
      },
    };
  };
}

function parse(payload: string | undefined) {
  try {
    const parsed = noticeSchema.safeParse(JSON.parse(payload ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
