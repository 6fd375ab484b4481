import { createHash, randomBytes } from 'node:crypto';
import { type Call, type Database, newId, nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** How long Twilio has to open a call's media stream after the webhook answered (60 s). */
export const streamTokenTtlMs = 60_000;

/** A new call row: a phone call the webhook admitted (with a stream token) or a browser call. */
export interface NewCallInput {
  orgId: string;
  agentId: string;
  source: Call['source'];
  /** The number called; null for the browser. */
  phoneNumberId: string | null;
  /** Twilio's `CallSid`. */
  externalId: string | null;
  /** An E.164 number or `user:<id>`. */
  caller: string;
  fromNumber: string;
  toNumber: string | null;
  userId: string | null;
  sessionId: string | null;
  /** `ringing` (a phone call, until its stream is bound), `in_progress` (a browser call), `refused`. */
  status: Call['status'];
  endReason?: string;
  instanceId?: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Stores a call. A `ringing` call gets a one-time stream token (returned once, stored hashed,
 * valid `streamTokenTtlMs`): the TwiML passes it as the stream's `<Parameter name="token">`.
 * A second webhook for the same `CallSid` (Twilio retried) finds the first row and gets a fresh
 * token for it, so the retry's TwiML works and no second call is recorded.
 */
export async function createCall(
  db: Kysely<Database>,
  input: NewCallInput,
): Promise<{ call: Call; streamToken?: string }> {
  const now = nowIso();
  const streamToken = input.status === 'ringing' ? randomBytes(32).toString('base64url') : undefined;
  const token = streamToken
    ? {
        streamTokenHash: hashToken(streamToken),
        streamTokenExpiresAt: new Date(Date.now() + streamTokenTtlMs).toISOString(),
      }
    : { streamTokenHash: null, streamTokenExpiresAt: null };
  if (input.externalId) {
    const existing = await db
      .selectFrom('calls')
      .selectAll()
      .where('source', '=', input.source)
      .where('externalId', '=', input.externalId)
      .executeTakeFirst();
    if (existing) {
      if (existing.status !== 'ringing' || !streamToken) return { call: existing };
      await db
        .updateTable('calls')
        .set({ ...token, updatedAt: now })
        .where('id', '=', existing.id)
        .execute();
      return { call: existing, streamToken };
    }
  }
  const ended = input.status === 'refused' || input.status === 'completed' || input.status === 'failed';
  const row = {
    id: newId('call'),
    orgId: input.orgId,
    agentId: input.agentId,
    phoneNumberId: input.phoneNumberId,
    source: input.source,
    externalId: input.externalId,
    caller: input.caller,
    fromNumber: input.fromNumber,
    toNumber: input.toNumber,
    userId: input.userId,
    sessionId: input.sessionId,
    status: input.status,
    endReason: input.endReason ?? null,
    ...token,
    instanceId: input.instanceId ?? null,
    transcript: '[]',
    runIds: '[]',
    voiceProvider: null,
    voiceUsage: null,
    voiceCostUsd: null,
    costUsd: ended ? 0 : null,
    startedAt: now,
    answeredAt: input.status === 'in_progress' ? now : null,
    endedAt: ended ? now : null,
    durationSec: ended ? 0 : null,
    updatedAt: now,
  };
  await db.insertInto('calls').values(row).execute();
  const call = await findCall(db, row.id);
  if (!call) throw new Error(`call ${row.id} vanished after insert`);
  return { call, ...(streamToken && { streamToken }) };
}

/** A call by id (no organization check: callers of this check it). */
export function findCall(db: Kysely<Database>, id: string): Promise<Call | undefined> {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Binds a media stream to its call: the token must match a `ringing` call and not be expired;
 * it is used up in the same statement (a second stream with the same token gets nothing), and
 * the call becomes `in_progress` on this instance. Undefined when the token is unknown, used or
 * expired.
 */
export async function claimStreamToken(
  db: Kysely<Database>,
  token: string,
  instanceId: string,
): Promise<Call | undefined> {
  if (!token || token.length > 200) return undefined;
  const now = nowIso();
  const result = await db
    .updateTable('calls')
    .set({
      streamTokenHash: null,
      streamTokenExpiresAt: null,
      status: 'in_progress',
      instanceId,
      answeredAt: now,
      updatedAt: now,
    })
    .where('streamTokenHash', '=', hashToken(token))
    .where('status', '=', 'ringing')
    .where('streamTokenExpiresAt', '>', now)
    .returning('id')
    .executeTakeFirst();
  return result ? findCall(db, result.id) : undefined;
}

/**
 * Twilio reports that the stream of a call ended while the call is still `ringing`: its audio
 * never reached a bridge (the upgrade failed, or the token expired). The call becomes `failed`
 * with `reason`; a call already past ringing is left as the bridge recorded it. Returns the call
 * as it stands.
 */
export async function failUnconnectedCall(
  db: Kysely<Database>,
  id: string,
  reason: string,
): Promise<Call | undefined> {
  const now = nowIso();
  await db
    .updateTable('calls')
    .set({
      status: 'failed',
      endReason: reason,
      streamTokenHash: null,
      streamTokenExpiresAt: null,
      endedAt: now,
      durationSec: 0,
      costUsd: 0,
      updatedAt: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'ringing')
    .execute();
  return findCall(db, id);
}
