import type { CallDetail, CallTranscriptLineView, CallView } from '@lifeosai/api-contract';
import type { Agent, Call, Database } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import type { Identity } from '../../http/identity.ts';
import { mayReadUnauthored } from '../sessions/readers.ts';
import { parseCursor } from '../sessions/session-list.ts';

/** A page of calls, newest first. */
export interface CallPage {
  items: CallView[];
  nextCursor: string | null;
}

/**
 * Which of an agent's calls the caller may read: a call is as private as its conversation
 * (`domain/sessions/readers.ts`). A browser call's conversation is its caller's own; a phone
 * call's has no author (only the agent's creator and the organization's admins, unless the
 * agent is visible to the whole organization); an agent's run token reads its own agent's.
 * `all`: every call; otherwise the browser calls of the person, plus the phone calls when
 * `phoneCalls`.
 */
function readableCalls(
  identity: Identity,
  agent: Pick<Agent, 'id' | 'orgId' | 'visibility' | 'createdBy'>,
): { all: boolean; phoneCalls: boolean } {
  return {
    all:
      agent.orgId === identity.orgId &&
      (agent.visibility === 'organization' || identity.agent?.agentId === agent.id),
    phoneCalls: mayReadUnauthored(identity, agent),
  };
}

/** Whether the caller may read this call of `agent` (see `readableCalls`). */
export function mayReadCall(
  identity: Identity,
  agent: Pick<Agent, 'id' | 'orgId' | 'visibility' | 'createdBy'>,
  call: Pick<Call, 'orgId' | 'agentId' | 'userId'>,
): boolean {
  if (call.orgId !== identity.orgId || call.agentId !== agent.id) return false;
  const readable = readableCalls(identity, agent);
  if (readable.all) return true;
  return call.userId === null ? readable.phoneCalls : call.userId === identity.userId;
}

/** `GET /calls?agentId=`: the agent's calls the caller may read, newest first, by pages. */
export async function listCalls(
  db: Kysely<Database>,
  identity: Identity,
  agent: Agent,
  query: { limit: number; cursor?: string | undefined },
): Promise<CallPage> {
  const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  const readable = readableCalls(identity, agent);
  let calls = db
    .selectFrom('calls')
    .selectAll()
    .where('orgId', '=', identity.orgId)
    .where('agentId', '=', agent.id);
  if (!readable.all) {
    calls = calls.where((eb) => {
      const own = eb('userId', '=', identity.userId);
      return readable.phoneCalls ? eb.or([own, eb('userId', 'is', null)]) : own;
    });
  }
  if (after) {
    calls = calls.where((eb) =>
      eb.or([
        eb('startedAt', '<', after.at),
        eb.and([eb('startedAt', '=', after.at), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await calls
    .orderBy('startedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(callView),
    nextCursor: rows.length > query.limit && last ? `${last.startedAt}~${last.id}` : null,
  };
}

/** A call of the organization the caller may read; `404 NOT_FOUND` otherwise (unknown, foreign or private). */
export async function getReadableCall(
  db: Kysely<Database>,
  identity: Identity,
  callId: string,
): Promise<{ call: Call; agent: Agent }> {
  const call = await db
    .selectFrom('calls')
    .selectAll()
    .where('id', '=', callId)
    .where('orgId', '=', identity.orgId)
    .executeTakeFirst();
  const agent =
    call &&
    (await db
      .selectFrom('agents')
      .selectAll()
      .where('id', '=', call.agentId)
      .where('orgId', '=', identity.orgId)
      .where('deletedAt', 'is', null)
      .executeTakeFirst());
  if (!call || !agent || !mayReadCall(identity, agent, call)) throw notFound('call', callId);
  return { call, agent };
}

/** A call in a list. */
export function callView(call: Call): CallView {
  return {
    id: call.id,
    agentId: call.agentId,
    source: call.source,
    from: call.fromNumber,
    to: call.toNumber,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    durationSec: call.durationSec,
    status: call.status,
    costUsd: call.costUsd,
  };
}

/** `GET /calls/:id`: the call with its transcript, runs, live-model usage and cost. */
export function callDetail(call: Call): CallDetail {
  const usage = call.voiceUsage;
  return {
    ...callView(call),
    endReason: call.endReason,
    sessionId: call.sessionId,
    transcript: call.transcript as CallTranscriptLineView[],
    runIds: call.runIds as string[],
    voice:
      usage && call.voiceProvider
        ? {
            provider: call.voiceProvider,
            inputAudioTokens: usage.inputAudioTokens,
            inputTextTokens: usage.inputTextTokens,
            outputAudioTokens: usage.outputAudioTokens,
            outputTextTokens: usage.outputTextTokens,
            costUsd: call.voiceCostUsd ?? 0,
          }
        : null,
  };
}
