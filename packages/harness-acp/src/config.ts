import { providerIds } from '@lifeosai/config';
import { z } from 'zod';
import { acpPresets, findPreset } from './presets/index.ts';
import type { AcpPreset } from './presets/preset.ts';

/**
 * An ACP agent that is not a preset: a program on the machine that speaks ACP on stdio. It
 * runs in the run's sandbox like a preset, with the run's minimal environment plus `env`
 * and the provider's credentials under their usual variable names.
 */
export const customAgentSchema = z.strictObject({
  /** The program: an absolute path, or a name found on the service's `PATH`. */
  command: z.string().min(1).max(1024),
  /** Its arguments; never secrets (argv is visible to every process). */
  args: z.array(z.string().max(4096)).max(64).optional(),
  /** Extra environment variables (switches, not secrets: the config is not a secret store). */
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name'), z.string())
    .optional(),
});

/**
 * An agent's `adapterConfig` for the ACP harness. Strict, so a typo is a 400 that names the
 * field. MCP servers, skills and permissions are not here: the platform resolves them and
 * passes them in the `RunContext`, the same for every harness.
 */
export function acpConfigSchemaFor(presets: ReadonlyArray<AcpPreset>) {
  const ids = presets.map((preset) => preset.id).join(', ');
  const presetId = z.string().refine((id) => findPreset(presets, id) !== undefined, {
    error: (issue) =>
      `unknown ACP agent "${String(issue.input)}"; use one of ${ids} or {command, args?, env?}`,
  });
  return z
    .strictObject({
      /** A preset id (`claude-agent-acp`) or a custom command that speaks ACP on stdio. */
      agent: z.union([presetId, customAgentSchema]),
      /** The provider the agent talks to; absent for the preset's first (custom agents: `anthropic`). */
      provider: z.enum(providerIds).optional(),
      /** The model; absent for the agent's default. */
      model: z.string().min(1).max(200).optional(),
      /**
       * Retries of a failed model call the agent may make itself, where its preset can set them;
       * a small number surfaces an outage quickly instead of hiding it behind long backoff.
       */
      maxRetries: z.number().int().nonnegative().max(20).default(2),
    })
    .superRefine((config, context) => {
      const preset = typeof config.agent === 'string' ? findPreset(presets, config.agent) : undefined;
      if (
        preset !== undefined &&
        config.provider !== undefined &&
        !preset.providers.includes(config.provider)
      ) {
        context.addIssue({
          code: 'custom',
          path: ['provider'],
          message: `the ${preset.id} agent speaks ${preset.providers.join(', ')}, not ${config.provider}`,
        });
      }
    });
}

/** The config schema over the registered presets. */
export const acpConfigSchema = acpConfigSchemaFor(acpPresets);

/** A validated ACP config, defaults applied. */
export type AcpConfig = z.infer<typeof acpConfigSchema>;

/** A custom agent's command, as configured. */
export type CustomAgent = z.infer<typeof customAgentSchema>;
