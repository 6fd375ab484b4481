import { appendRunEvents, type Database, lastRunEventSeq, type Run } from '@lifeosai/db';
import { type ErrorClass, withEnvelope } from '@lifeosai/events';
import { failureEvents } from '@lifeosai/harness-kit';
import type { Kysely } from 'kysely';
import type { RunEventNotice } from '../events/event-bus.ts';

/**
 * Appends a synthetic ending to a run that is not executing anywhere (cancelled while
 * queued, or lost with a dead instance), after its last stored event. Call it inside the
 * transaction that sets the run's final status, so no reader ever sees a finished run
 * without its `result`; publish the returned notice after the commit.
 */
export async function writeTerminalEvents(
  trx: Kysely<Database>,
  run: Pick<Run, 'id' | 'sessionId' | 'agentId'> & { harness: string },
  errorClass: ErrorClass,
  message: string,
): Promise<RunEventNotice> {
  let seq = await lastRunEventSeq(trx, run.id);
  const ts = new Date().toISOString();
  const events = failureEvents(errorClass, message).map((body) =>
    withEnvelope(body, {
      seq: ++seq,
      runId: run.id,
      sessionId: run.sessionId,
      agentId: run.agentId,
      harness: run.harness,
      ts,
    }),
  );
  await appendRunEvents(
    trx,
    events.map((event) => ({ runId: run.id, seq: event.seq, type: event.type, ts, data: event as never })),
  );
  return { runId: run.id, seq, terminal: true };
}
