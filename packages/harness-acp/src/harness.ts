import { type Harness, UnsupportedFeatureError } from '@lifeosai/harness-spec';
import { startAcpRun } from './acp-run.ts';
import { checkAcpEnvironment } from './check-environment.ts';
import { type AcpConfig, acpConfigSchemaFor } from './config.ts';
import { acpMetadataFor, presetModels } from './metadata.ts';
import { acpPresets, findPreset } from './presets/index.ts';
import type { AcpPreset } from './presets/preset.ts';

const sessionKinds: ReadonlySet<string> = new Set(['new', 'resume']);

/**
 * Builds the ACP harness over a set of presets (a seam: tests add a preset that cannot run);
 * `acpHarness` is the one over the registered presets.
 */
export function createAcpHarness(presets: ReadonlyArray<AcpPreset> = acpPresets) {
  return {
    specificationVersion: 'v1',
    id: 'acp',
    displayName: 'ACP agent',
    capabilities: {
      // Through `session/resume` or `session/load`; an agent with neither fails the run and says so.
      resume: true,
      fork: false,
      permissions: true,
      partialText: true,
      usage: true,
      // ACP reports no per-turn cost (only a session's running total): the platform prices the usage.
      cost: false,
      mcp: true,
      skills: false,
      followUp: false,
      interruptContinue: false,
    },
    configSchema: acpConfigSchemaFor(presets),
    metadata: acpMetadataFor(presets),
    checkEnvironment: (context) => checkAcpEnvironment(context, presets),
    listModels: async (context) => {
      const agent = context.config?.agent;
      const preset = typeof agent === 'string' ? findPreset(presets, agent) : undefined;
      return preset?.models ?? presetModels(presets);
    },
    start(context) {
      if (!sessionKinds.has(context.session.kind)) {
        throw new UnsupportedFeatureError('acp', `session kind "${context.session.kind}"`);
      }
      return startAcpRun(context, presets);
    },
  } satisfies Harness<AcpConfig>;
}

/**
 * Any agent that speaks the Agent Client Protocol, as a LIFEOSAI harness: the ACP client runs
 * in the host, the agent in the run's sandbox. See README.md for presets and the mapping.
 */
export const acpHarness = createAcpHarness();
