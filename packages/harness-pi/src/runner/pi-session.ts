import type { AgentSession, ExtensionFactory, ToolDefinition } from '@earendil-works/pi-coding-agent';
import type { RunnerOptions } from '../shared/ipc-protocol.ts';
import { createModelRuntime } from './model-registry.ts';
import { pi } from './pi-sdk.ts';
import { type OpenedSession, openSession } from './session-opener.ts';

/** Seams the runner plugs in: tools and extensions that talk to the parent. */
export interface PiSessionExtras {
  /** Custom tools beside Pi's built-ins (platform proxies, MCP bridges). */
  readonly customTools?: ToolDefinition[];
  /** Inline extensions (the permission gate). */
  readonly extensions?: ExtensionFactory[];
}

/** A ready Pi session and what `system`/`init` reports about it. */
export interface PiSessionHandle {
  readonly session: AgentSession;
  readonly drive: OpenedSession['drive'];
  readonly skills: string[];
  readonly piVersion: string;
}

/**
 * Builds a Pi `AgentSession` from the run's options with nothing discovered from disk:
 * in-memory settings and model registry, no extensions, prompt templates, themes or
 * context files other than ours, skills only from the run's skill folders. The agent's
 * instructions are appended to Pi's system prompt. Used by the runner, and directly by
 * the fixture recorder and the benchmark (the "Pi SDK without the adapter" baseline).
 */
export async function createPiSession(
  options: RunnerOptions,
  extras: PiSessionExtras = {},
): Promise<PiSessionHandle> {
  const { runtime, model } = await createModelRuntime(options);
  const settingsManager = pi.SettingsManager.inMemory({
    retry: {
      enabled: options.maxRetries > 0,
      maxRetries: options.maxRetries,
      // One retry loop, Pi's: it reports each attempt (a `status` event); the provider
      // SDKs' hidden retries would make `maxRetries: 0` a lie.
      provider: { maxRetries: 0 },
    },
  });
  const resourceLoader = new pi.DefaultResourceLoader({
    cwd: options.cwd,
    agentDir: options.agentDir,
    settingsManager,
    noExtensions: true,
    noSkills: true,
    noPromptTemplates: true,
    noThemes: true,
    noContextFiles: true,
    additionalSkillPaths: options.skillPaths,
    extensionFactories: (extras.extensions ?? []).map((factory, index) => ({
      name: `lifeosai-${index + 1}`,
      factory,
      hidden: true,
    })),
    appendSystemPrompt: options.instructions === undefined ? [] : [options.instructions],
  });
  await resourceLoader.reload();
  const opened = openSession(options);
  const { session } = await pi.createAgentSession({
    cwd: options.cwd,
    agentDir: options.agentDir,
    modelRuntime: runtime,
    model,
    thinkingLevel: options.thinking,
    settingsManager,
    resourceLoader,
    sessionManager: opened.manager,
    customTools: extras.customTools ?? [],
  });
  return {
    session,
    drive: opened.drive,
    skills: resourceLoader.getSkills().skills.map((skill) => skill.name),
    piVersion: pi.VERSION,
  };
}
