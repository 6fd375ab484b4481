import type { Harness } from '@lifeosai/harness-spec';
import { UnsupportedFeatureError } from '@lifeosai/harness-spec';
import { type CodexConfig, codexConfigSchema } from '../shared/config.ts';
import { checkCodexEnvironment } from './check-environment.ts';
import { startCodexRun } from './codex-run.ts';
import { codexMetadata, codexModels } from './metadata.ts';
import type { RunnerCommand } from './runner-process.ts';

/** Seams of the Codex harness; the defaults are the real ones. */
export interface CodexHarnessSeams {
  /** The runner program, started through the run's launcher (default: the real runner). */
  readonly runner?: RunnerCommand;
}

const sessionKinds: ReadonlySet<string> = new Set(['new', 'resume']);

/** Builds the Codex harness with its seams; `codexHarness` is the one with real seams. */
export function createCodexHarness(seams: CodexHarnessSeams = {}): Harness<CodexConfig> {
  return {
    specificationVersion: 'v1',
    id: 'codex',
    displayName: 'Codex',
    capabilities: {
      resume: true,
      // `codex exec` can fork a thread, but the SDK 0.163 offers no fork: not offered yet.
      fork: false,
      permissions: true,
      // `codex exec --experimental-json` streams whole items, no text deltas.
      partialText: false,
      usage: true,
      // Codex reports tokens, never money: the platform prices them (`cost_computed: true`).
      cost: false,
      mcp: true,
      skills: true,
      followUp: false,
      interruptContinue: false,
    },
    configSchema: codexConfigSchema,
    metadata: codexMetadata,
    checkEnvironment: (context) => checkCodexEnvironment(context),
    listModels: async () => codexModels,
    start(context) {
      if (!sessionKinds.has(context.session.kind)) {
        throw new UnsupportedFeatureError('codex', `session kind "${context.session.kind}"`);
      }
      return startCodexRun(context, seams.runner ? { runner: seams.runner } : {});
    },
  } satisfies Harness<CodexConfig>;
}

/** OpenAI's Codex as a LIFEOSAI harness: each run is a runner process in the run sandbox; see README.md. */
export const codexHarness = createCodexHarness();
