import { z } from 'zod';

/** `GET /api/agent/usage` query besides the day range (http-kit's `usageRangeQuery`): one agent or all. */
export const usageQuery = z.object({
  /** Only this agent. */
  agentId: z.string().min(1).max(100).optional(),
});

const day = z.string().describe('YYYY-MM-DD (UTC).');

/** Runs, spend and tokens over a day or a range. */
export const usageAmountsSchema = z.object({
  runs: z.number().int(),
  /** USD as stored, not rounded. */
  costUsd: z.number(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
});

/** One UTC day of a report. */
export const usageDaySchema = usageAmountsSchema.extend({ date: day });

/** `GET /api/agent/usage`: the organization's runs, spend and tokens per UTC day. */
export const usageReportSchema = z.object({
  from: day,
  to: day,
  /** Every day of the range, in order; days without runs are zeros. */
  days: z.array(usageDaySchema),
  totals: usageAmountsSchema,
  /** Agents with runs in the range, most expensive first. */
  byAgent: z.array(
    z.object({ agentId: z.string(), name: z.string(), runs: z.number().int(), costUsd: z.number() }),
  ),
});

export type UsageAmounts = z.infer<typeof usageAmountsSchema>;
export type UsageReport = z.infer<typeof usageReportSchema>;
