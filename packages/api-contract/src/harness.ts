import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/** What a harness can do (`HarnessCapabilities` in harness-spec: the flags, by name). */
const harnessCapabilitiesSchema = z.record(z.string(), z.boolean());

/** A registered harness. */
const harnessSummarySchema = z.object({
  /** The `adapterType` that selects it. */
  id: z.string(),
  /** Its name for people. */
  displayName: z.string(),
  capabilities: harnessCapabilitiesSchema,
});

/** Whether this instance sandboxes runs; when not, why and what to do (the web app's banner). */
const runSandboxSchema = z.union([
  z.object({ sandboxed: z.literal(true) }),
  z.object({
    sandboxed: z.literal(false),
    /** What is wrong (bubblewrap missing in local mode, or `LIFEOSAI_SANDBOX=off`). */
    message: z.string(),
    /** What to do about it. */
    fix: z.string(),
  }),
]);

/** `GET /api/agent/harnesses`. */
export const harnessListSchema = z.object({
  items: z.array(harnessSummarySchema),
  runSandbox: runSandboxSchema,
});

export type HarnessSummary = z.infer<typeof harnessSummarySchema>;
export type HarnessList = z.infer<typeof harnessListSchema>;

/** `GET /api/agent/harnesses/:id/environment` query. */
export const harnessEnvironmentQuery = z.object({
  /** `true`: run the check again instead of reusing a report up to 30 s old. */
  refresh: z.enum(['true', 'false']).optional(),
});

/** One finding of an environment check ("binary present", "no Anthropic key configured"). */
const environmentDiagnosticSchema = z.object({
  /** Stable kebab-case id of the check. */
  id: z.string(),
  /** `ok` passed; `warn` runs may work but something is off; `error` runs will fail. */
  status: z.enum(['ok', 'warn', 'error']),
  /** What was found, for a person; never a secret. */
  message: z.string(),
  /** What to do about a `warn` or `error`. */
  fix: z.string().optional(),
});

/** `GET /api/agent/harnesses/:id/environment`: can runs of this harness work here? */
export const environmentReportSchema = z.object({
  harness: z.string(),
  /** True when no diagnostic is an `error`. */
  ready: z.boolean(),
  /** When the check ran; calls within 30 s get the same report. */
  checkedAt: timestampSchema,
  diagnostics: z.array(environmentDiagnosticSchema),
});

export type EnvironmentDiagnostic = z.infer<typeof environmentDiagnosticSchema>;
export type EnvironmentReport = z.infer<typeof environmentReportSchema>;
