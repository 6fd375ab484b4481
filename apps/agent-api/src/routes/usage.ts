import { usageByDay } from '@lifeosai/db';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AgentApiDeps } from '../app.ts';

const dayMs = 86_400_000;
/** The longest range one request adds up, in days (a leap year). */
const maxDays = 366;
/** Days in the default range, ending today (UTC). */
const defaultDays = 30;

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD')
  .refine((day) => {
    const time = Date.parse(`${day}T00:00:00.000Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
  }, 'not a calendar day');

const usageQuery = z
  .object({
    from: calendarDay.optional(),
    to: calendarDay.optional(),
    agentId: z.string().min(1).max(100).optional(),
  })
  .transform((query) => {
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    const from = query.from ?? shiftDay(to, -(defaultDays - 1));
    return { ...query, from, to };
  })
  .superRefine((query, context) => {
    const days = (Date.parse(query.to) - Date.parse(query.from)) / dayMs + 1;
    if (days < 1) context.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    else if (days > maxDays) {
      context.addIssue({ code: 'custom', path: ['from'], message: `the range is at most ${maxDays} days` });
    }
  });

/** Runs, spend and tokens of the caller's organization per UTC day, with totals and the agents behind them. */
export function registerUsageRoutes(api: FastifyInstance, deps: AgentApiDeps): void {
  api.get('/usage', async (request) => {
    const query = usageQuery.parse(request.query);
    const { byOrg: _instanceOnly, ...usage } = await usageByDay(deps.db, {
      orgId: request.identity.orgId,
      from: query.from,
      to: query.to,
      ...(query.agentId !== undefined && { agentId: query.agentId }),
    });
    return usage;
  });
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * dayMs).toISOString().slice(0, 10);
}
