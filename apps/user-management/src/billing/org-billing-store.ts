import type { BillingStatus, Database } from '@lifeosai/db';
import { nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** A subscription's state as Stripe gave it, mapped to our terms. */
export interface SubscriptionState {
  /** The Stripe subscription (`sub_…`) this state is of. */
  subscriptionId: string;
  /** It ended (canceled, expired): the organization goes back to `free`. */
  ended: boolean;
  planId: string;
  status: BillingStatus;
  period: { start: string; end: string } | null;
  cancelAtPeriodEnd: boolean;
}

/** What writing a subscription state did. */
export type ApplyOutcome = 'applied' | 'ignored: stale' | 'ignored: another subscription';

/** The `org_billing` reads and writes billing needs (one row per organization; none = free). */
export function createOrgBillingStore(db: Kysely<Database>) {
  return {
    async customerOf(orgId: string): Promise<string | null> {
      const row = await db
        .selectFrom('orgBilling')
        .select('stripeCustomerId')
        .where('orgId', '=', orgId)
        .executeTakeFirst();
      return row?.stripeCustomerId ?? null;
    },

    async orgOfCustomer(customerId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('orgBilling')
        .select('orgId')
        .where('stripeCustomerId', '=', customerId)
        .executeTakeFirst();
      return row?.orgId;
    },

    /**
     * Links the organization to its Stripe customer unless it has one already; answers the
     * customer it ends up with (the first one linked wins: one customer per organization).
     */
    async linkCustomer(orgId: string, customerId: string): Promise<string> {
      await db
        .insertInto('orgBilling')
        .values({
          orgId,
          planId: 'free',
          status: 'free',
          stripeCustomerId: customerId,
          stripeSubscriptionId: null,
          periodStart: null,
          periodEnd: null,
          cancelAtPeriodEnd: false,
          subscriptionUpdatedAt: null,
          updatedAt: nowIso(),
        })
        .onConflict((conflict) => conflict.column('orgId').doNothing())
        .execute();
      await db
        .updateTable('orgBilling')
        .set({ stripeCustomerId: customerId, updatedAt: nowIso() })
        .where('orgId', '=', orgId)
        .where('stripeCustomerId', 'is', null)
        .execute();
      return (await this.customerOf(orgId)) ?? customerId;
    },

    /**
     * Writes a subscription's state as of Stripe event time `eventCreated` (unix s): an older
     * event than the newest applied changes nothing, and the end of a subscription that is not
     * the organization's current one (an old one, replaced) leaves the current one alone.
     */
    async applySubscription(
      orgId: string,
      state: SubscriptionState,
      eventCreated: number,
    ): Promise<ApplyOutcome> {
      const row = await db.selectFrom('orgBilling').selectAll().where('orgId', '=', orgId).executeTakeFirst();
      if (!row) throw new Error(`organization ${orgId} has no billing row (link its customer first)`);
      if (
        state.ended &&
        row.stripeSubscriptionId !== null &&
        row.stripeSubscriptionId !== state.subscriptionId
      ) {
        return 'ignored: another subscription';
      }
      const updated = await db
        .updateTable('orgBilling')
        .set({
          planId: state.ended ? 'free' : state.planId,
          status: state.ended ? 'free' : state.status,
          stripeSubscriptionId: state.ended ? null : state.subscriptionId,
          periodStart: state.ended ? null : (state.period?.start ?? null),
          periodEnd: state.ended ? null : (state.period?.end ?? null),
          cancelAtPeriodEnd: state.ended ? false : state.cancelAtPeriodEnd,
          subscriptionUpdatedAt: eventCreated,
          updatedAt: nowIso(),
        })
        .where('orgId', '=', orgId)
        .where((eb) =>
          eb.or([eb('subscriptionUpdatedAt', 'is', null), eb('subscriptionUpdatedAt', '<=', eventCreated)]),
        )
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0 ? 'applied' : 'ignored: stale';
    },
  };
}

export type OrgBillingStore = ReturnType<typeof createOrgBillingStore>;
