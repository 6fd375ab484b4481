import type { HarnessEvent } from '@lifeosai/events';
import { platformServerName } from '@lifeosai/harness-kit';
import type { RunContext } from '@lifeosai/harness-spec';
import type { CodexConfig } from '../shared/config.ts';
import { toolNames } from './tool-names.ts';

/** The Codex CLI the SDK drives (its platform package's version is pinned with the SDK's). */
export const codexVersion = '0.163.0';

/**
 * The run's `system`/`init`, once Codex names its thread: the thread id is the native
 * session id a later run resumes. Tools are the ones known before the model asks: Codex's
 * shell and patch tools and the platform tools; an MCP server's tools appear as it is used.
 */
export function systemInit(
  context: RunContext<CodexConfig>,
  input: { readonly model: string; readonly threadId: string },
): HarnessEvent {
  const platformTools = context.platformTools.map((tool) => toolNames.mcp(platformServerName, tool.name));
  const servers = [
    ...Object.keys(context.mcpServers),
    ...(context.platformTools.length > 0 ? [platformServerName] : []),
  ];
  return {
    type: 'system',
    subtype: 'init',
    model: input.model,
    tools: [toolNames.shell, toolNames.patch, toolNames.plan, ...platformTools],
    cwd: context.cwd,
    // Codex starts them as it starts the thread and reports no state in its JSON stream.
    mcp_servers: servers.map((name) => ({ name, status: 'configured' })),
    permissionMode: context.permissions.mode,
    skills: context.skills.map((skill) => skill.name),
    harness_version: codexVersion,
    native: { sessionId: input.threadId },
  };
}
