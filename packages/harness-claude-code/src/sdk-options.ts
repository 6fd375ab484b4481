import type { McpServerConfig, Options, SdkPluginConfig } from '@anthropic-ai/claude-agent-sdk';
import { platformServerName as PLATFORM_SERVER_NAME } from '@lifeosai/harness-kit';
import type { McpServerConfig as PlatformMcpServerConfig, RunContext } from '@lifeosai/harness-spec';
import { buildChildEnv } from './child-env.ts';
import type { ClaudeCodeConfig } from './config.ts';
import type { PermissionGate } from './permissions.ts';
import type { SessionPlan } from './session-options.ts';

/** Everything the run prepared that goes into `query()`'s options. */
export interface QueryParts {
  readonly ctx: RunContext<ClaudeCodeConfig>;
  readonly session: SessionPlan;
  readonly executablePath: string;
  readonly spawn: NonNullable<Options['spawnClaudeCodeProcess']>;
  readonly abortController: AbortController;
  readonly gate: PermissionGate;
  readonly platformServer?: McpServerConfig;
  readonly skillsPlugin?: SdkPluginConfig;
}

/** The SDK options of one run. */
export function buildQueryOptions(parts: QueryParts): Options {
  const { ctx, gate } = parts;
  const config = ctx.config;
  const external = externalMcpServers(ctx.mcpServers);
  const mcpServers: Record<string, McpServerConfig> = {
    ...external,
    ...(parts.platformServer ? { [PLATFORM_SERVER_NAME]: parts.platformServer } : {}),
  };
  return {
    ...parts.session.options,
    abortController: parts.abortController,
    cwd: ctx.cwd,
    env: buildChildEnv({
      dataDir: ctx.dataDir,
      env: ctx.env,
      credentials: ctx.credentials,
      maxRetries: config.maxRetries,
    }),
    pathToClaudeCodeExecutable: parts.executablePath,
    spawnClaudeCodeProcess: parts.spawn,
    // Isolation: no user, project or local settings files, no .mcp.json from the workspace.
    settingSources: [],
    strictMcpConfig: true,
    includePartialMessages: true,
    // Explicit: left unset, Claude Code may pick `auto`, whose classifier makes model calls.
    permissionMode: 'default',
    canUseTool: gate.canUseTool,
    hooks: { PreToolUse: [{ hooks: [gate.preToolUse] }] },
    // MCP tools are not listed here: the PreToolUse hook allows what the policy allows (a
    // server-level allow entry would shadow canUseTool, and the SDK warns about it per query).
    allowedTools: [...(config.allowedTools ?? [])],
    ...(config.disallowedTools?.length ? { disallowedTools: config.disallowedTools } : {}),
    mcpServers,
    // Over stdin, not argv: server env and headers hold secrets that `ps` would show.
    mcpServersDelivery: 'initialize',
    ...(parts.skillsPlugin ? { plugins: [parts.skillsPlugin] } : {}),
    ...(config.model ? { model: config.model } : {}),
    ...(config.maxTurns ? { maxTurns: config.maxTurns } : {}),
    // Claude Code's own prompt plus the agent's instructions; `snapshot: false` because a
    // resumed session would otherwise keep the instructions recorded at its first run.
    systemPrompt: {
      type: 'preset',
      preset: 'claude_code',
      ...(ctx.instructions ? { append: ctx.instructions } : {}),
      snapshot: false,
    },
  };
}

/** The agent's external MCP servers in the SDK's shape, loaded without tool search. */
function externalMcpServers(
  servers: Readonly<Record<string, PlatformMcpServerConfig>>,
): Record<string, McpServerConfig> {
  const out: Record<string, McpServerConfig> = {};
  for (const [name, server] of Object.entries(servers)) {
    if (name === PLATFORM_SERVER_NAME) continue; // reserved for the platform tools
    out[name] =
      server.type === 'stdio'
        ? {
            type: 'stdio',
            command: server.command,
            args: [...(server.args ?? [])],
            env: { ...server.env },
            alwaysLoad: true,
          }
        : { type: 'http', url: server.url, headers: { ...server.headers }, alwaysLoad: true };
  }
  return out;
}
