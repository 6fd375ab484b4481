import type { Harness } from '@lifeosai/harness-spec';
import { UnsupportedFeatureError } from '@lifeosai/harness-spec';
import { type PiConfig, piConfigSchema } from '../shared/config.ts';
import { checkPiEnvironment } from './check-environment.ts';
import { listPiModels } from './list-models.ts';
import { piMetadata } from './metadata.ts';
import { startPiRun } from './pi-run.ts';
import { piAgentProviderSettings } from './provider-settings.ts';
import type { RunnerCommand } from './runner-process.ts';

/** Seams of the Pi harness; the defaults are the real ones. */
export interface PiHarnessSeams {
  /** Used by `listModels` for live model lists. */
  readonly fetch?: typeof fetch;
  /** The runner program, started through the run's launcher (default: the real runner). */
  readonly runner?: RunnerCommand;
}

const sessionKinds: ReadonlySet<string> = new Set(['new', 'resume', 'fork', 'continue-interrupted']);

/** Builds the Pi harness with its seams; `piHarness` is the one with real seams. */
export function createPiHarness(seams: PiHarnessSeams = {}): Harness<PiConfig> {
  return {
    specificationVersion: 'v1',
    id: 'pi',
    displayName: 'Pi',
    capabilities: {
      resume: true,
      fork: true,
      permissions: true,
      partialText: true,
      usage: true,
      // Pi prices nothing for the models the harness registers; the result's cost comes
      // from the platform's price table (`cost_computed: true`).
      cost: false,
      mcp: true,
      skills: true,
      followUp: false,
      interruptContinue: true,
    },
    configSchema: piConfigSchema,
    metadata: piMetadata,
    checkEnvironment: (context) => checkPiEnvironment(context),
    listModels: (context) => listPiModels(context, seams.fetch ?? fetch),
    agentProviderSettings: piAgentProviderSettings,
    start(context) {
      if (!sessionKinds.has(context.session.kind)) {
        throw new UnsupportedFeatureError('pi', `session kind "${context.session.kind}"`);
      }
      return startPiRun(context, seams.runner ? { runner: seams.runner } : {});
    },
  } satisfies Harness<PiConfig>;
}

/**
 * The Pi coding agent (@earendil-works/pi-coding-agent) as a LIFEOSAI harness. Each run
 * lives in its own child process; see README.md.
 */
export const piHarness = createPiHarness();
