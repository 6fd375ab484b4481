import { e164Schema, type PhonePairing } from '@lifeosai/api-contract';
import { type Database, newId, nowIso, type PhoneCaller, type PhoneNumber } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import { type Kysely, sql } from 'kysely';
import { pairingCode } from '../pairing-code.ts';

/** Why a number turned a caller away (`calls.end_reason` of the refused call says it in words). */
export type CallerRefusal = 'hidden_number' | 'not_allowed' | 'denied' | 'pending' | 'rate_limited';

/** What the number's caller policy decided for one call. */
export type CallerDecision =
  | { kind: 'admit' }
  /** `newPending`: this call made the caller's pairing request (tell the owners once). */
  | { kind: 'refuse'; reason: CallerRefusal; newPending?: { code: string } };

/** How many calls one caller may make to one number in a window (refused ones count too). */
export interface CallerLimits {
  perWindow: number;
  windowMs: number;
}

/** Five calls per caller per number in ten minutes. */
export const defaultCallerLimits: CallerLimits = { perWindow: 5, windowMs: 10 * 60_000 };

/** What an agent knows of a caller (an E.164 number, or `user:<id>` for the browser), if anything. */
export function findCaller(
  db: Kysely<Database>,
  agentId: string,
  caller: string,
): Promise<PhoneCaller | undefined> {
  return db
    .selectFrom('phoneCallers')
    .selectAll()
    .where('agentId', '=', agentId)
    .where('caller', '=', caller)
    .executeTakeFirst();
}

/**
 * Whether a call from `caller` may reach the number's agent, as channels decide for senders:
 * numbers on `allow` always; `open` anyone; otherwise an approved caller. A denied or waiting
 * caller is refused; under `pairing` an unknown caller becomes a waiting one with a code (once:
 * a concurrent call of the same caller keeps the first code), under `allowlist` it is refused.
 * A hidden or non-phone caller (`anonymous`, `client:…`) can only call an `open` number: it
 * could not be told apart from the next one.
 */
export async function decideCaller(
  db: Kysely<Database>,
  number: PhoneNumber,
  caller: string,
): Promise<CallerDecision> {
  if (number.callers === 'open') return { kind: 'admit' };
  if (!e164Schema.safeParse(caller).success) return { kind: 'refuse', reason: 'hidden_number' };
  if ((number.allow as string[]).includes(caller)) return { kind: 'admit' };
  const known = await findCaller(db, number.agentId, caller);
  if (known?.status === 'approved') return { kind: 'admit' };
  if (known) return { kind: 'refuse', reason: known.status };
  if (number.callers === 'allowlist') return { kind: 'refuse', reason: 'not_allowed' };
  const inserted = await db
    .insertInto('phoneCallers')
    .values({
      id: newId('pcl'),
      agentId: number.agentId,
      caller,
      phoneNumberId: number.id,
      status: 'pending',
      code: pairingCode(),
      sessionId: null,
      requestedAt: nowIso(),
      decidedAt: null,
      decidedBy: null,
      lastCallAt: null,
    })
    .onConflict((conflict) => conflict.columns(['agentId', 'caller']).doNothing())
    .returning('code')
    .executeTakeFirst();
  if (inserted) return { kind: 'refuse', reason: 'pending', newPending: { code: inserted.code ?? '' } };
  // A concurrent call of the same caller stored it first: decide by that row.
  const stored = await findCaller(db, number.agentId, caller);
  return stored?.status === 'approved'
    ? { kind: 'admit' }
    : { kind: 'refuse', reason: stored?.status ?? 'pending' };
}

/**
 * Whether the caller already made `limits.perWindow` other calls to this number in the window before
 * `now`. Every call counts, refused ones too: a caller dialling again and again is kept out
 * whatever the policy would say.
 */
export async function callerOverLimit(
  db: Kysely<Database>,
  call: { phoneNumberId: string; caller: string; externalId: string },
  limits: CallerLimits,
  now = Date.now(),
): Promise<boolean> {
  const since = new Date(now - limits.windowMs).toISOString();
  const counted = await db
    .selectFrom('calls')
    .select((eb) => eb.fn.countAll<number>().as('calls'))
    .where('phoneNumberId', '=', call.phoneNumberId)
    .where('caller', '=', call.caller)
    .where('startedAt', '>', since)
    // Twilio retrying this very call is not another call.
    .where('externalId', '!=', call.externalId)
    .executeTakeFirstOrThrow();
  return Number(counted.calls) >= limits.perWindow;
}

/** `GET /phone-numbers/:id/pairings`: the callers waiting for approval, oldest request first. */
export async function listPendingCallers(
  db: Kysely<Database>,
  phoneNumberId: string,
): Promise<PhonePairing[]> {
  const rows = await db
    .selectFrom('phoneCallers')
    .select(['code', 'caller', 'requestedAt'])
    .where('phoneNumberId', '=', phoneNumberId)
    .where('status', '=', 'pending')
    .orderBy('requestedAt')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ code: row.code ?? '', caller: row.caller, requestedAt: row.requestedAt }));
}

/**
 * Approves or denies the caller waiting on the number with `code` (compared ignoring case:
 * people retype codes). Only a waiting caller can be decided, once: a code already used, or
 * unknown, is `404 NOT_FOUND`. Returns the caller's number.
 */
export async function decideCallerPairing(
  db: Kysely<Database>,
  decision: { phoneNumberId: string; code: string; approved: boolean; userId: string },
): Promise<string> {
  const decided = await db
    .updateTable('phoneCallers')
    .set({
      status: decision.approved ? 'approved' : 'denied',
      code: null,
      decidedAt: nowIso(),
      decidedBy: decision.userId,
    })
    .where('phoneNumberId', '=', decision.phoneNumberId)
    .where('status', '=', 'pending')
    .where(sql`upper(code)`, '=', decision.code.trim().toUpperCase())
    .returning('caller')
    .executeTakeFirst();
  if (!decided) {
    throw new PlatformError(
      'NOT_FOUND',
      'No caller is waiting with this code on this number; it may have been decided already (GET …/pairings lists those waiting).',
    );
  }
  return decided.caller;
}
