import { join } from 'node:path';
import type { RunContext } from '@lifeosai/harness-spec';
import type { PiConfig } from '../shared/config.ts';
import type { RunnerOptions } from '../shared/ipc-protocol.ts';
import type { ProviderSettings } from './provider-settings.ts';

/**
 * What the runner is told about a run: the context minus everything that must stay in
 * the parent (platform tool handlers, the abort signal, the permission policy — the
 * parent decides every tool call), plus where Pi keeps its files under the data dir.
 */
export function runnerOptionsFor(context: RunContext<PiConfig>, settings: ProviderSettings): RunnerOptions {
  return {
    provider: settings.provider,
    modelId: settings.modelId,
    baseUrl: settings.baseUrl,
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    maxRetries: context.config.maxRetries,
    thinking: context.config.thinking,
    prompt: context.prompt,
    ...(context.instructions === undefined ? {} : { instructions: context.instructions }),
    cwd: context.cwd,
    agentDir: join(context.dataDir, 'pi-agent'),
    sessionDir: join(context.dataDir, 'pi-sessions'),
    session: context.session,
    platformTools: context.platformTools.map(({ name, description, inputSchema }) => ({
      name,
      description,
      inputSchema,
    })),
    mcpServers: structuredClone(context.mcpServers) as RunnerOptions['mcpServers'],
    skillPaths: context.skills.map((skill) => skill.path),
  };
}
