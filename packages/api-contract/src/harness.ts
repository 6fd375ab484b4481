import type { HarnessConfigField, ModelInfo } from '@lifeosai/harness-spec';
import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/** What a harness can do (`HarnessCapabilities` in harness-spec: the flags, by name). */
const harnessCapabilitiesSchema = z.record(z.string(), z.boolean());

/** A provider a harness talks to, named as the platform's provider list names it. */
const harnessProviderSchema = z.object({
  /** The provider id (`anthropic`), as in an agent's config and `/api/models/:provider`. */
  id: z.string(),
  /** For people (`Anthropic`). */
  label: z.string(),
  /** The provider's public base URL, in its SDK's convention. */
  defaultBaseUrl: z.string().optional(),
});

/** A model the harness knows without asking anyone (harness-spec's `ModelInfo`). */
const harnessModelSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  provider: z.string(),
  contextWindow: z.number().int().optional(),
  /** The one per provider that runs when the config names none. */
  isDefault: z.boolean().optional(),
}) satisfies z.ZodType<ModelInfo>;

/** One `adapterConfig` key described for an editor (harness-spec's `HarnessConfigField`). */
const harnessConfigFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['provider', 'model', 'text', 'url', 'integer', 'choice', 'text-list']),
  help: z.string().optional(),
  choices: z.array(z.string()).readonly().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  default: z.union([z.string(), z.number()]).optional(),
  required: z.boolean().optional(),
}) satisfies z.ZodType<HarnessConfigField>;

/** A registered harness with its own metadata (harness-spec's `HarnessMetadata`). */
const harnessSummarySchema = z.object({
  /** The `adapterType` that selects it. */
  id: z.string(),
  /** Its name for people. */
  displayName: z.string(),
  /** One sentence: what runs the agent. */
  description: z.string(),
  capabilities: harnessCapabilitiesSchema,
  /** The providers it talks to, its default first. */
  providers: z.array(harnessProviderSchema),
  /** The models it knows without asking; per provider one `isDefault`. */
  models: z.array(harnessModelSchema).readonly(),
  /** The `adapterConfig` keys an editor may offer, in display order. */
  configFields: z.array(harnessConfigFieldSchema).readonly(),
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
