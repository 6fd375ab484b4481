import type { Call, Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import {
  type CallerLimits,
  type CallerRefusal,
  callerOverLimit,
  decideCaller,
} from '../domain/phone/callers.ts';
import { createCall } from '../domain/phone/calls.ts';
import { findPhoneNumberByNumber } from '../domain/phone/numbers.ts';
import type { PushSender } from '../push/push-sender.ts';

/** A verified voice webhook's call: Twilio's `CallSid`, `From` and `To`. */
export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
}

/** What the webhook answers the call with. */
export type Admission =
  /** No agent answers `To` here: no row is written (there is no organization to write it to). */
  | { kind: 'unknown_number' }
  /** Refused by the number's policy or its rate limit: a `refused` row, no run. */
  | { kind: 'refused'; reason: CallerRefusal; call: Call }
  /** No bridge runs on this instance: a `failed` row. */
  | { kind: 'unavailable'; call: Call }
  /** Admitted: a `ringing` row and the one-time token its stream presents. */
  | { kind: 'admitted'; call: Call; streamToken: string }
  /** Twilio asked again about a call already past ringing: the row as it is. */
  | { kind: 'settled'; call: Call };

/** Why a refused call was refused, in the words its record keeps. */
const refusalReasons: Record<CallerRefusal, string> = {
  hidden_number: 'refused: the caller hid their number',
  not_allowed: 'refused: the caller is not on the allow list',
  denied: 'refused: the caller was denied',
  pending: 'refused: the caller waits for approval',
  rate_limited: 'refused: too many calls from this caller',
};

export interface AdmitDeps {
  db: Kysely<Database>;
  limits: CallerLimits;
  /** Whether a phone bridge runs on this instance to take the call. */
  bridged: boolean;
  /** Tells the agent's owners a new caller waits for approval. */
  push?: Pick<PushSender, 'senderWaiting'> | undefined;
}

/**
 * Decides a call the webhook verified: the number called (unknown → nothing stored), the
 * caller's rate limit, then the number's caller policy (a new pairing request tells the owners),
 * then the row. Every call of one `CallSid` shares one row (`createCall`), so a retry of Twilio's
 * gets the same answer, with a fresh stream token while the call still rings.
 */
export async function admitCall(deps: AdmitDeps, incoming: IncomingCall): Promise<Admission> {
  const { db } = deps;
  const number = await findPhoneNumberByNumber(db, incoming.to);
  if (!number) return { kind: 'unknown_number' };
  const base = {
    orgId: number.orgId,
    agentId: number.agentId,
    source: 'twilio' as const,
    phoneNumberId: number.id,
    externalId: incoming.callSid,
    caller: incoming.from,
    fromNumber: incoming.from,
    toNumber: number.number,
    userId: null,
    sessionId: null,
  };
  const refuse = async (reason: CallerRefusal): Promise<Admission> => {
    const { call } = await createCall(db, { ...base, status: 'refused', endReason: refusalReasons[reason] });
    return call.status === 'refused' ? { kind: 'refused', reason, call } : settled(call);
  };
  const over = await callerOverLimit(
    db,
    { phoneNumberId: number.id, caller: incoming.from, externalId: incoming.callSid },
    deps.limits,
  );
  if (over) return refuse('rate_limited');
  const decision = await decideCaller(db, number, incoming.from);
  if (decision.kind === 'refuse') {
    if (decision.newPending) {
      const agent = await db
        .selectFrom('agents')
        .select('name')
        .where('id', '=', number.agentId)
        .executeTakeFirst();
      deps.push?.senderWaiting({
        orgId: number.orgId,
        agentId: number.agentId,
        agentName: agent?.name ?? 'Your agent',
        network: 'phone',
        senderName: incoming.from,
        url: `/agents/${encodeURIComponent(number.agentId)}/calls`,
        tag: `${number.id}:${incoming.from}`,
      });
    }
    return refuse(decision.reason);
  }
  if (!deps.bridged) {
    const { call } = await createCall(db, {
      ...base,
      status: 'failed',
      endReason: 'no phone bridge runs on this instance',
    });
    return call.status === 'failed' ? { kind: 'unavailable', call } : settled(call);
  }
  const { call, streamToken } = await createCall(db, { ...base, status: 'ringing' });
  return streamToken ? { kind: 'admitted', call, streamToken } : settled(call);
}

/** A retried call already refused, failed or answered keeps its first answer's outcome. */
function settled(call: Call): Admission {
  return { kind: 'settled', call };
}
