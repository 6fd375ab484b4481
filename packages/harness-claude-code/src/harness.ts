import type { Harness } from '@lifeosai/harness-spec';
import { checkEnvironment } from './check-environment.ts';
import { startClaudeRun } from './claude-run.ts';
import { type ClaudeCodeConfig, claudeCodeConfigSchema } from './config.ts';
import { bundledExecutablePath } from './executable.ts';
import { listModels } from './list-models.ts';
import { claudeCodeMetadata } from './metadata.ts';

/** Seams for `createClaudeCodeHarness`; production uses the defaults. */
export interface ClaudeCodeHarnessOptions {
  /** The Claude Code binary to run; defaults to the one bundled with the SDK. */
  readonly executablePath?: string;
  /** `fetch` for the live model lookup. */
  readonly fetch?: typeof fetch;
}

/** Builds the Claude Code harness; `claudeCodeHarness` is the default instance. */
export function createClaudeCodeHarness(options: ClaudeCodeHarnessOptions = {}) {
  const executablePath = options.executablePath ?? bundledExecutablePath();
  const id = 'claude-code';
  return {
    specificationVersion: 'v1',
    id,
    displayName: 'Claude Code',
    capabilities: {
      resume: true,
      fork: true,
      permissions: true,
      partialText: true,
      usage: true,
      cost: true,
      mcp: true,
      skills: true,
      followUp: false,
      interruptContinue: true,
    },
    configSchema: claudeCodeConfigSchema,
    metadata: claudeCodeMetadata,
    checkEnvironment: (ctx) => checkEnvironment(ctx, executablePath),
    listModels: (ctx) => listModels(ctx, options.fetch),
    start: (ctx) => startClaudeRun(ctx, { harnessId: id, executablePath }),
  } satisfies Harness<ClaudeCodeConfig>;
}

/** The Claude Code harness: Claude Code through `query()` of the Claude Agent SDK. */
export const claudeCodeHarness = createClaudeCodeHarness();
