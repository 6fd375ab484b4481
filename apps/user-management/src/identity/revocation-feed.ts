import {
  type DialectName,
  identityRevocationsAfter,
  identityRevocationTriggersInstalled,
  type LatestRevocationReader,
  latestIdentityRevocation,
  openLatestRevocationReader,
} from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** What a feed acts on: the identity cache's two ways to forget. */
export interface RevocationTarget {
  /** Forgets every cached answer for this user. */
  forgetUser(userId: string): void;
  /** Forgets every cached answer (a notice may have been missed). */
  clear(): void;
}

/**
 * How revocations reach a gateway's identity cache (decision 0022). A feed calls its target's
 * `forgetUser` for each revoked user, and `clear` whenever it may have missed one.
 */
export interface RevocationFeed {
  /**
   * Contract: applies every revocation committed before the call, then says whether cached
   * answers may be served now. Never rejects: false when unsure (the caller then asks auth).
   */
  ready(): boolean | Promise<boolean>;
  /** Stops: no more reads, connections closed. Idempotent. */
  close(): Promise<void>;
}

/** Where a feed reports trouble (pino's shape). */
export interface FeedLog {
  warn(fields: object, message: string): void;
}

/** Revocations past this many since the last check: forget everyone rather than read them all. */
const maxBatch = 1_000;
/** How often a feed that found no triggers looks again (ms). */
const triggerRecheckMs = 5_000;

/**
 * Local mode's feed (SQLite, one gateway): before each cached answer, one indexed read of the
 * newest revocation (`max(seq)`), done synchronously on a read-only connection of its own
 * (`openLatestRevocationReader`: microseconds, no await); only when it moved, the new rows,
 * read on the shared connection.
 * SQLite has one writer at a time, so `seq` order is commit order and nothing is skipped.
 * Checks are serialized; a request that arrives while one runs waits for the next, so it sees
 * every revocation committed before it arrived.
 *
 * Not for Postgres: there a sequence is not transactional, a later `seq` can commit first, and
 * a poll could step over the earlier one. Postgres gets `listenForRevocations`.
 */
export function pollRevocations(options: {
  db: Kysely<unknown>;
  dialect: DialectName;
  log: FeedLog;
  now?: () => number;
}): (target: RevocationTarget) => RevocationFeed {
  const now = options.now ?? Date.now;
  return (target) => {
    let applied: number | undefined;
    let installed = false;
    let triggersCheckedAt = Number.NEGATIVE_INFINITY;
    let failing = false;
    let closed = false;
    let running: Promise<boolean> | undefined;
    let queued: Promise<boolean> | undefined;
    /** Undefined until the first check opened it, and for an in-memory database. */
    let reader: LatestRevocationReader | undefined;
    let readerOpened = false;

    async function check(): Promise<boolean> {
      if (closed) return false;
      try {
        if (!installed) {
          if (now() - triggersCheckedAt < triggerRecheckMs) return false;
          triggersCheckedAt = now();
          installed = await identityRevocationTriggersInstalled(options.db, options.dialect);
          if (!installed) return false;
        }
        if (!readerOpened) {
          readerOpened = true;
          reader = await openLatestRevocationReader(options.db).catch(() => undefined);
          if (closed) reader?.close();
        }
        const latest = reader && !closed ? reader.latest() : await latestIdentityRevocation(options.db);
        if (applied === undefined || latest < applied || latest - applied > maxBatch) {
          target.clear();
        } else if (latest > applied) {
          for (const revocation of await identityRevocationsAfter(options.db, applied, maxBatch)) {
            target.forgetUser(revocation.userId);
          }
        }
        applied = latest;
        failing = false;
        return true;
      } catch (error) {
        // Unsure what was revoked: serve nothing cached until a read succeeds again.
        if (!failing)
          options.log.warn({ err: error }, 'identity cache: cannot read revocations; asking auth');
        failing = true;
        return false;
      }
    }

    /**
     * True while the current turn of the event loop has already read "nothing new". Every
     * request handled in this turn was received before the turn's poll returned, so before that
     * read: one read serves them all (it is reset at the end of the turn).
     */
    let unchangedThisTurn = false;
    const endOfTurn = () => {
      unchangedThisTurn = false;
    };
    /** Nothing new since the last check, read now without waiting: the common case. */
    const unchanged = (): boolean => {
      if (!reader || running || failing || closed || applied === undefined) return false;
      if (unchangedThisTurn) return true;
      try {
        if (reader.latest() !== applied) return false;
      } catch {
        return false;
      }
      unchangedThisTurn = true;
      setImmediate(endOfTurn);
      return true;
    };

    const ready = (): boolean | Promise<boolean> => {
      if (unchanged()) return true;
      if (!running) {
        running = check().finally(() => {
          running = undefined;
        });
        return running;
      }
      queued ??= running.then(() => {
        queued = undefined;
        return ready();
      });
      return queued;
    };

    return {
      ready,
      async close() {
        closed = true;
        await running;
        reader?.close();
        reader = undefined;
      },
    };
  };
}
