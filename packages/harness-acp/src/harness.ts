import { type Harness, UnsupportedFeatureError } from '@lifeosai/harness-spec';
import { startAcpRun } from './acp-run.ts';
import { checkAcpEnvironment } from './check-environment.ts';
import { type AcpConfig, acpConfigSchema } from './config.ts';
import { acpMetadata, acpModels } from './metadata.ts';
import { presetById } from './presets/index.ts';

const sessionKinds: ReadonlySet<string> = new Set(['new', 'resume']);

/**
 * Any agent that speaks the Agent Client Protocol, as a LIFEOSAI harness: the ACP client runs
 * in the host, the agent in the run's sandbox. See README.md for presets and the mapping.
 */
export const acpHarness = {
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
  configSchema: acpConfigSchema,
  metadata: acpMetadata,
  checkEnvironment: (context) => checkAcpEnvironment(context),
  listModels: async (context) => {
    const agent = context.config?.agent;
    const preset = typeof agent === 'string' ? presetById(agent) : undefined;
    return preset?.models ?? acpModels;
  },
  start(context) {
    if (!sessionKinds.has(context.session.kind)) {
      throw new UnsupportedFeatureError('acp', `session kind "${context.session.kind}"`);
    }
    return startAcpRun(context);
  },
} satisfies Harness<AcpConfig>;
