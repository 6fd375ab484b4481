import type { Database, Run, Session } from '@lifeosai/db';
import type { HarnessCapabilities, SessionState } from '@lifeosai/harness-spec';
import type { Kysely } from 'kysely';
import { lastNativeIds } from '../domain/native-ids.ts';

/**
 * Which native session a run works in (harness-spec's `SessionState`), first match wins:
 * 1. `continue-interrupted` — a retry (`attempt > 1`, after its instance died) whose earlier
 *    attempt reached the native session (its stored events carry `native.sessionId`): the
 *    transcript already holds the prompt, so the harness finishes that turn instead of being
 *    sent it again; `lastMessageId` is the last message the platform stored, so both records
 *    agree. Only when the harness declares `interruptContinue`. Without it the retry falls
 *    through to the cases below, as a first attempt would: the prompt is sent again into the
 *    session's last finished native session, whose transcript may then hold it twice.
 * 2. `resume` — the session has a native session (a run of it finished).
 * 3. `fork` — a forked session's first run: copy the source's native session up to the
 *    message the fork was made at (needs `fork`; without it, a new session).
 * 4. `new`.
 */
export async function sessionStateFor(
  db: Kysely<Database>,
  run: Pick<Run, 'id' | 'attempt'>,
  session: Session,
  capabilities: Pick<HarnessCapabilities, 'fork' | 'interruptContinue'>,
): Promise<SessionState> {
  if (run.attempt > 1 && capabilities.interruptContinue) {
    const reached = await lastNativeIds(db, [run.id]);
    if (reached.sessionId) {
      return {
        kind: 'continue-interrupted',
        nativeSessionId: reached.sessionId,
        interruptedRunId: run.id,
        ...(reached.messageId && { lastMessageId: reached.messageId }),
      };
    }
  }
  if (session.nativeSessionId) return { kind: 'resume', nativeSessionId: session.nativeSessionId };
  if (session.forkNativeSessionId && capabilities.fork) {
    return {
      kind: 'fork',
      nativeSessionId: session.forkNativeSessionId,
      ...(session.forkAtMessageId && { atMessageId: session.forkAtMessageId }),
    };
  }
  return { kind: 'new' };
}
