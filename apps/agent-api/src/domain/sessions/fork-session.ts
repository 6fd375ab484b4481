import type { Database, Session } from '@lifeosai/db';
import { newId, nowIso } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import type { Harness } from '@lifeosai/harness-spec';
import type { Kysely } from 'kysely';
import type { Identity } from '../../http/identity.ts';
import { getAgent } from '../agents.ts';
import { lastNativeIds } from '../native-ids.ts';
import { runExists, terminalRunStatuses } from '../runs/index.ts';
import { authorOf, triggerColumns, triggerOf } from '../trigger.ts';
import { conversationRuns } from './conversation.ts';
import { getReadableSession } from './readers.ts';

/** What to fork: a session the caller may read, at one of its conversation's finished runs. */
export interface ForkInput {
  /** Who forks: they must be able to read the source, and they author the fork. */
  identity: Identity;
  sessionId: string;
  /** The last run the fork keeps; absent: the conversation's last finished run. */
  atRunId?: string;
}

/**
 * Forks a conversation into a new session of the same agent; the original is untouched. The
 * new session stores a reference — the session owning the run it was forked at, that run, and
 * the native session and message the harness copies on the fork's first run (`SessionState`
 * `fork`) — and copies no rows. Refuses a harness without `capabilities.fork`
 * (`FORK_UNSUPPORTED`), an unknown session or run (`NOT_FOUND`), a run outside the
 * conversation (`RUN_NOT_IN_SESSION`) and one still in progress (`RUN_NOT_FINISHED`).
 */
export async function forkSession(
  db: Kysely<Database>,
  harnesses: ReadonlyMap<string, Harness<unknown>>,
  input: ForkInput,
): Promise<Session> {
  const orgId = input.identity.orgId;
  const source = await getReadableSession(db, input.identity, input.sessionId);
  const agent = await getAgent(db, orgId, source.agentId);
  const harness = harnesses.get(agent.adapterType);
  if (!harness?.capabilities.fork) {
    throw new PlatformError(
      'FORK_UNSUPPORTED',
      `The ${harness?.displayName ?? agent.adapterType} harness cannot fork a conversation; continue session ${source.id} or start a new one.`,
    );
  }
  const runs = await conversationRuns(db, source);
  const finished = (status: string) => (terminalRunStatuses as readonly string[]).includes(status);
  let cut = runs.findLastIndex((run) => finished(run.status));
  if (input.atRunId !== undefined) {
    cut = runs.findIndex((run) => run.id === input.atRunId);
    if (cut < 0) {
      if (!(await runExists(db, orgId, input.atRunId))) throw notFound('run', input.atRunId);
      throw new PlatformError(
        'RUN_NOT_IN_SESSION',
        `Run ${input.atRunId} is not part of session ${source.id}'s conversation; pick one of its runs.`,
      );
    }
    if (!finished(runs[cut]!.status)) {
      throw new PlatformError(
        'RUN_NOT_FINISHED',
        `Run ${input.atRunId} is still ${runs[cut]!.status}; fork once it has ended, or at an earlier run.`,
      );
    }
  }
  const at = cut >= 0 ? runs[cut] : undefined;
  const native = at
    ? await lastNativeIds(
        db,
        runs.slice(0, cut + 1).map((run) => run.id),
      )
    : {};
  if (native.sessionId && !native.messageId && cut < runs.length - 1) {
    // Without a message id the harness can only copy the whole native session, later turns too.
    throw new PlatformError(
      'FORK_UNSUPPORTED',
      `The ${harness.displayName} harness reported no message to fork at in run ${at!.id}; fork at the conversation's last run instead.`,
    );
  }
  const now = nowIso();
  const trigger = triggerOf(input.identity);
  return db
    .insertInto('sessions')
    .values({
      id: newId('ses'),
      orgId: source.orgId,
      agentId: source.agentId,
      harness: agent.adapterType,
      // The run's own session: a fork of a fork's inherited run is a fork of its origin.
      forkedFromSessionId: at?.sessionId ?? source.id,
      forkedAtRunId: at?.id ?? null,
      forkNativeSessionId: native.sessionId ?? null,
      forkAtMessageId: native.messageId ?? null,
      // The fork is the forker's conversation: theirs to read under a private agent.
      ...triggerColumns(trigger),
      authorId: authorOf(trigger),
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
