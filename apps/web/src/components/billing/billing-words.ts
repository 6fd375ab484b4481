import type { BillingStatusView, PlanLimitsView } from '@lifeosai/api-contract';

/** How each billing status reads to a person. */
export const statusWords: Record<BillingStatusView, string> = {
  off: 'Billing off',
  free: 'Free',
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment failed',
  unpaid: 'Unpaid',
  canceled: 'Canceled',
  incomplete: 'Awaiting payment',
  incomplete_expired: 'Checkout expired',
  paused: 'Paused',
};

/** Statuses in which new runs are refused until the payment method is fixed. */
export const paymentProblem: ReadonlySet<BillingStatusView> = new Set(['past_due', 'unpaid']);

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Usage in dollars to the cent (below a cent: "< $0.01"). */
export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 0.005) return '< $0.01';
  return usd.format(amount);
}

/** An invoice amount: Stripe's minor unit (cents) in its currency. */
export function formatMinorUnits(amount: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** The plan's limits in words, one line each; none: "No limits". */
export function limitLines(limits: PlanLimitsView): string[] {
  const lines = [
    limits.agents === null ? null : `Up to ${limits.agents} agent${limits.agents === 1 ? '' : 's'}`,
    limits.concurrentRuns === null
      ? null
      : `${limits.concurrentRuns} run${limits.concurrentRuns === 1 ? '' : 's'} at once`,
    limits.periodUsd === null ? null : `Usage up to ${formatUsd(limits.periodUsd)} per period`,
  ].filter((line): line is string => line !== null);
  return lines.length ? lines : ['No limits'];
}

const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** A period as "Dec 1, 2026 – Jan 1, 2027" (UTC). */
export function formatPeriod(period: { start: string; end: string }): string {
  return `${day.format(Date.parse(period.start))} – ${day.format(Date.parse(period.end))}`;
}

export function formatDay(value: string): string {
  return day.format(Date.parse(value));
}
