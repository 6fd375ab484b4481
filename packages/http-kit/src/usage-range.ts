import { z } from 'zod';

const dayMs = 86_400_000;
/** The longest range one request adds up, in days (a leap year). */
export const maxUsageDays = 366;
/** Days in the default range, ending today (UTC). */
const defaultDays = 30;

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD')
  .refine((day) => {
    const time = Date.parse(`${day}T00:00:00.000Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
  }, 'not a calendar day');

/**
 * `?from=&to=` of every usage route (UTC days, inclusive; other keys are left to the route):
 * the last 30 days ending today by default; `from` after `to` or more than 366 days is
 * refused with the field named.
 */
export const usageRangeQuery = z
  .object({ from: calendarDay.optional(), to: calendarDay.optional() })
  .transform((query) => {
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    return { from: query.from ?? shiftDay(to, -(defaultDays - 1)), to };
  })
  .superRefine((range, context) => {
    const days = (Date.parse(range.to) - Date.parse(range.from)) / dayMs + 1;
    if (days < 1) context.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    else if (days > maxUsageDays) {
      context.addIssue({
        code: 'custom',
        path: ['from'],
        message: `the range is at most ${maxUsageDays} days`,
      });
    }
  });

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * dayMs).toISOString().slice(0, 10);
}
