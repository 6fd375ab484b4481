import type { BillingMeterEventTable, Database, DialectName } from '@lifeosai/db';
import { type Kysely, type Selectable, sql } from 'kysely';

/**
 * The meter-event outbox (`billing_meter_events`): one row per usage record of a subscribed
 * organization, written by the database itself from `usage_records` (so nothing recorded is
 * ever missed, whatever crashed), claimed under a lease by one sender at a time, and marked
 * `sent` once Stripe accepted its identifier. See docs/decisions/0017-usage-metering.md.
 */

export type MeterEventRow = Selectable<BillingMeterEventTable>;

/**
 * A meter event's identifier is this and the usage record's id (`lifeosai_use_…`, well under
 * Stripe's 100 characters): Stripe dedupes by it, so a record is billed once however often sent.
 */
export const IDENTIFIER_PREFIX = 'lifeosai_';

/**
 * How long Stripe is known to dedupe an identifier (it documents "at least 24 hours"), less a
 * margin: a row that may have reached Stripe longer ago than this is not sent again.
 */
export const IDENTIFIER_WINDOW_MS = 23 * 3_600_000;

/** A timestamp parameter typed for the column it is written to (Postgres infers none in a select list). */
function timestampValue(dialect: DialectName, iso: string) {
  return dialect === 'postgres' ? sql<string>`cast(${iso} as timestamptz)` : sql<string>`${iso}`;
}

/**
 * Adds the usage records not yet in the outbox: those of organizations with a Stripe customer
 * and a subscription, created since the subscription's period start, with a cost. At most
 * `limit` per call (the next call takes the rest); a row already there is left alone, so
 * several instances may enqueue at once. Returns how many were added.
 */
export async function enqueueUsage(
  db: Kysely<Database>,
  dialect: DialectName,
  now: Date,
  limit = 1000,
): Promise<number> {
  const at = timestampValue(dialect, now.toISOString());
  const result = await db
    .insertInto('billingMeterEvents')
    .columns([
      'usageRecordId',
      'orgId',
      'stripeCustomerId',
      'value',
      'identifier',
      'occurredAt',
      'status',
      'attempts',
      'nextAttemptAt',
      'createdAt',
    ])
    .expression((eb) =>
      eb
        .selectFrom('usageRecords as usage')
        .innerJoin('orgBilling as billing', 'billing.orgId', 'usage.orgId')
        .where('billing.stripeCustomerId', 'is not', null)
        .where('billing.stripeSubscriptionId', 'is not', null)
        .where('billing.periodStart', 'is not', null)
        .whereRef('usage.createdAt', '>=', 'billing.periodStart')
        .where('usage.costUsd', '>', 0)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('billingMeterEvents as queued')
                .select('queued.usageRecordId')
                .whereRef('queued.usageRecordId', '=', 'usage.id'),
            ),
          ),
        )
        .select([
          'usage.id',
          'usage.orgId',
          sql<string>`${sql.ref('billing.stripeCustomerId')}`.as('stripeCustomerId'),
          sql<number>`cast(round(${sql.ref('usage.costUsd')} * 1000000) as bigint)`.as('value'),
          sql<string>`${IDENTIFIER_PREFIX} || ${sql.ref('usage.id')}`.as('identifier'),
          'usage.createdAt',
          sql<string>`${'pending'}`.as('status'),
          sql<number>`0`.as('attempts'),
          at.as('nextAttemptAt'),
          at.as('createdAt'),
        ])
        .orderBy('usage.createdAt')
        .limit(limit),
    )
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Rows that may have reached Stripe (tried before) longer ago than Stripe dedupes identifiers
 * are not sent again — a second event could bill twice — but marked `failed` for a person to
 * check against the meter's event summaries. Returns how many.
 */
export async function failBeyondDedupeWindow(db: Kysely<Database>, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const result = await db
    .updateTable('billingMeterEvents')
    .set({
      status: 'failed',
      claimedUntil: null,
      lastError:
        "Tried more than 23 hours ago without a known answer: Stripe may have it, and it no longer dedupes the identifier, so it is not sent again. Check the meter's event summaries in Stripe, then resend it by hand if it is missing.",
    })
    .where('status', '=', 'pending')
    .where('attempts', '>', 0)
    .where('createdAt', '<', new Date(now.getTime() - IDENTIFIER_WINDOW_MS).toISOString())
    .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', nowIso)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Claims up to `limit` pending rows that are due and not held by another sender, until
 * `now + leaseMs`, counting the attempt. One statement: on Postgres the candidates are locked
 * (`skip locked`, so two instances never take the same row), SQLite has one writer.
 */
export async function claimDue(
  db: Kysely<Database>,
  dialect: DialectName,
  options: { now: Date; leaseMs: number; limit: number },
): Promise<MeterEventRow[]> {
  const nowIso = options.now.toISOString();
  let candidates = db
    .selectFrom('billingMeterEvents')
    .select('usageRecordId')
    .where('status', '=', 'pending')
    .where('nextAttemptAt', '<=', nowIso)
    .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', nowIso)]))
    .orderBy('nextAttemptAt')
    .limit(options.limit);
  if (dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
  return db
    .updateTable('billingMeterEvents')
    .set((eb) => ({
      claimedUntil: new Date(options.now.getTime() + options.leaseMs).toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('usageRecordId', 'in', candidates)
    .returningAll()
    .execute();
}

/** Stripe accepted the row's event (or already had its identifier). */
export async function markSent(db: Kysely<Database>, usageRecordId: string, now: Date): Promise<void> {
  await db
    .updateTable('billingMeterEvents')
    .set({ status: 'sent', sentAt: now.toISOString(), claimedUntil: null, lastError: null })
    .where('usageRecordId', '=', usageRecordId)
    .where('status', '=', 'pending')
    .execute();
}

/** The send failed: try again at `nextAttemptAt`, or give up (`failed`, kept with the error). */
export async function markUnsent(
  db: Kysely<Database>,
  usageRecordId: string,
  outcome: { lastError: string; retryAt?: Date },
): Promise<void> {
  await db
    .updateTable('billingMeterEvents')
    .set({
      status: outcome.retryAt ? 'pending' : 'failed',
      claimedUntil: null,
      lastError: outcome.lastError.slice(0, 1000),
      ...(outcome.retryAt && { nextAttemptAt: outcome.retryAt.toISOString() }),
    })
    .where('usageRecordId', '=', usageRecordId)
    .where('status', '=', 'pending')
    .execute();
}
