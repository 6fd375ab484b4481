import type { McpServer } from '@agentclientprotocol/sdk/unstable';
import type { McpServerConfig } from '@lifeosai/harness-spec';

/** What the agent said it can connect to (`agentCapabilities.mcpCapabilities`). */
export interface AgentMcpSupport {
  /** Streamable HTTP servers. */
  readonly http?: boolean;
}

/**
 * The agent's external MCP servers as ACP's `mcpServers` of `session/new`: every agent
 * takes stdio servers (it starts them itself, so inside the run's sandbox); HTTP servers
 * only go to agents that declare them. Returns the servers it passes and the names it had to
 * leave out, for the `system`/`init` event.
 */
export function acpMcpServers(
  servers: Readonly<Record<string, McpServerConfig>>,
  support: AgentMcpSupport,
): { servers: McpServer[]; unsupported: string[] } {
  const passed: McpServer[] = [];
  const unsupported: string[] = [];
  for (const [name, server] of Object.entries(servers)) {
    if (server.type === 'stdio') {
      passed.push({
        name,
        command: server.command,
        args: [...(server.args ?? [])],
        env: Object.entries(server.env ?? {}).map(([key, value]) => ({ name: key, value })),
      });
    } else if (support.http === true) {
      passed.push({
        type: 'http',
        name,
        url: server.url,
        headers: Object.entries(server.headers ?? {}).map(([key, value]) => ({ name: key, value })),
      });
    } else {
      unsupported.push(name);
    }
  }
  return { servers: passed, unsupported };
}
