import type { InstanceUsage, UsageAmounts, UsageReport } from '@lifeosai/api-contract';

/** The usage report shapes (`GET /api/agent/usage`, `GET /api/admin/usage`) and how we show them. */

/** Runs, spend and tokens of a range (`totals` of both reports). */
export type UsageTotals = UsageAmounts;

/** One calendar day (UTC) of runs; the API returns every day of the range, zero-filled. */
export type UsageDay = UsageReport['days'][number];

/** `GET /api/agent/usage`. */
export type AgentUsageReport = UsageReport;

/** `GET /api/admin/usage`: the same days and totals, by organization instead of by agent. */
export type InstanceUsageReport = InstanceUsage;

/** The ranges the pickers offer, in days ending today. */
export const rangeChoices = [7, 30, 90] as const;
export type RangeDays = (typeof rangeChoices)[number];

/** `from`/`to` (inclusive, `YYYY-MM-DD`, UTC like the API's days) for the last `days` days. */
export function rangeDates(days: number, now: Date = new Date()): { from: string; to: string } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** `2025-03-07` → `Mar 7`. */
export function shortDay(date: string): string {
  return dayFormat.format(new Date(`${date}T00:00:00Z`));
}

const countFormat = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** Share of a total as `42%` (`—` when the total is zero). */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return '—';
  return `${Math.round((part / total) * 100)}%`;
}

/**
 * Axis ticks for amounts from 0 to `max`: a round step (1, 2 or 5 × 10ⁿ), at most `count`
 * intervals, and how many decimals the labels need to tell the ticks apart.
 */
export function axisTicks(max: number, count = 4): { top: number; ticks: number[]; decimals: number } {
  if (!(max > 0)) return { top: 1, ticks: [0], decimals: 2 };
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((multiple) => multiple * magnitude >= raw) ?? 10) * magnitude;
  const intervals = Math.max(1, Math.ceil(max / step - 1e-9));
  const decimals = step >= 1 ? (Number.isInteger(step) ? 0 : 2) : Math.ceil(-Math.log10(step) - 1e-9);
  const ticks = Array.from({ length: intervals + 1 }, (_, index) => Number((step * index).toFixed(decimals)));
  return { top: ticks[intervals]!, ticks, decimals: Math.max(decimals, step >= 1 ? 0 : 2) };
}
