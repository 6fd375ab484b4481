import type { McpServerConfig, RunContext } from '@lifeosai/harness-spec';
import type { CodexConfig } from '../shared/config.ts';
import { type TomlTable, toToml } from '../shared/toml.ts';

/** The provider id the harness defines in Codex's config: the platform's LLM proxy. */
export const providerId = 'lifeosai';
/** The variable Codex reads the provider key from; shell commands never inherit it. */
export const apiKeyVariable = 'LIFEOSAI_CODEX_API_KEY';

/** What the run's `config.toml` is made of besides the context. */
export interface CodexConfigInput {
  /** The Responses API base URL (OpenAI convention, ending in `/v1`). */
  readonly baseUrl: string;
  /** The model the run uses. */
  readonly model: string;
  /** The platform tool bridge's stdio server, when the run has platform tools. */
  readonly platformServer?: { readonly name: string; readonly config: McpServerConfig };
  /** The PreToolUse hook command, when the policy judges Codex's own tools. */
  readonly hookCommand?: string;
}

/**
 * The whole `config.toml` of one run, written fresh each run into the run's own CODEX_HOME,
 * so nothing the agent wrote there earlier (its own hooks, providers, MCP servers) survives.
 *
 * - One model provider, the platform's proxy, on the Responses API over HTTP (no WebSocket
 *   transport, which a proxy does not serve) with the agent's retry count.
 * - No update check, analytics, feedback upload or OpenTelemetry export, no web search:
 *   nothing reaches the network but the proxy.
 * - Codex's sandbox and approvals off (`danger-full-access`, `never`): the run's sandbox is
 *   the boundary, and the PreToolUse hook judges tool calls (see README.md).
 * - Shell commands inherit the run's environment minus the provider key.
 */
export function codexConfigToml(
  context: Pick<RunContext<CodexConfig>, 'config' | 'instructions' | 'mcpServers' | 'permissions'>,
  input: CodexConfigInput,
): string {
  const askSeconds = Math.ceil(context.permissions.askTimeoutMs / 1000);
  const mcpServers: Record<string, TomlTable> = {};
  for (const [name, server] of Object.entries(context.mcpServers)) mcpServers[name] = mcpServer(server);
  if (input.platformServer) {
    mcpServers[input.platformServer.name] = {
      ...mcpServer(input.platformServer.config),
      // A call may first wait for a person's answer, then for the tool itself.
      tool_timeout_sec: askSeconds + 300,
    };
  }
  const table: TomlTable = {
    model_provider: providerId,
    model: input.model,
    model_reasoning_effort: context.config.reasoningEffort,
    developer_instructions: context.instructions,
    approval_policy: 'never',
    sandbox_mode: 'danger-full-access',
    web_search: 'disabled',
    check_for_update_on_startup: false,
    analytics: { enabled: false },
    feedback: { enabled: false },
    otel: { exporter: 'none', trace_exporter: 'none', metrics_exporter: 'none', log_user_prompt: false },
    history: { persistence: 'none' },
    shell_environment_policy: {
      inherit: 'all',
      ignore_default_excludes: false,
      exclude: [apiKeyVariable],
    },
    model_providers: {
      [providerId]: {
        name: 'LIFEOSAI LLM proxy',
        base_url: input.baseUrl,
        env_key: apiKeyVariable,
        wire_api: 'responses',
        request_max_retries: context.config.maxRetries,
        stream_max_retries: context.config.maxRetries,
        supports_websockets: false,
      },
    },
    mcp_servers: mcpServers,
    hooks:
      input.hookCommand === undefined
        ? undefined
        : {
            PreToolUse: [
              {
                matcher: '.*',
                hooks: [{ type: 'command', command: input.hookCommand, timeout: askSeconds + 30 }],
              },
            ],
          },
  };
  return `${toToml(table)}\n`;
}

function mcpServer(server: McpServerConfig): TomlTable {
  if (server.type === 'stdio') {
    return { command: server.command, args: [...(server.args ?? [])], env: { ...(server.env ?? {}) } };
  }
  return { url: server.url, http_headers: { ...(server.headers ?? {}) } };
}
