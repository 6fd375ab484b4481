import type { ToolDefinition } from '@earendil-works/pi-coding-agent';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RunnerOptions } from '../shared/ipc-protocol.ts';
import { mcpToolName } from './tool-names.ts';

/** The external MCP servers of one run, connected, with their tools as Pi custom tools. */
export interface McpBridge {
  /** One Pi custom tool per MCP tool, named `mcp__<server>__<tool>`. */
  readonly tools: ToolDefinition[];
  /** Connection state per server, for `system`/`init`. */
  readonly statuses: Array<{ name: string; status: 'connected' | 'failed' }>;
  /** Closes every connection (stdio servers are asked to exit). Never rejects. */
  close(): Promise<void>;
}

type McpServerConfig = RunnerOptions['mcpServers'][string];

/** Stops waiting for a server that does not answer the handshake. */
const connectTimeoutMs = 10_000;

/**
 * Connects to every server and lists its tools. Pi 0.87 has no MCP support of its own, so
 * each MCP tool becomes a Pi custom tool whose `execute` calls `tools/call`. A server that
 * fails to connect is reported `failed` and left out; the run goes on without it, as
 * Claude Code does.
 */
export async function connectMcpServers(servers: Record<string, McpServerConfig>): Promise<McpBridge> {
  const clients: Client[] = [];
  const tools: ToolDefinition[] = [];
  const statuses: McpBridge['statuses'] = [];
  await Promise.all(
    Object.entries(servers).map(async ([name, config]) => {
      const client = new Client({ name: 'lifeosai-harness-pi', version: '0.1.0' });
      try {
        await client.connect(transportFor(config), { timeout: connectTimeoutMs });
        clients.push(client);
        tools.push(...(await listAllTools(client)).map((tool) => bridgeTool(name, client, tool)));
        statuses.push({ name, status: 'connected' });
      } catch {
        await client.close().catch(() => undefined);
        statuses.push({ name, status: 'failed' });
      }
    }),
  );
  statuses.sort((left, right) => left.name.localeCompare(right.name));
  return {
    tools,
    statuses,
    close: async () => {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    },
  };
}

function transportFor(config: McpServerConfig) {
  if (config.type === 'stdio') {
    // The SDK adds a minimal safe environment (PATH, HOME, …) to `env`, taken from the
    // runner's own environment, which is already minimal. stderr goes to the runner's
    // stderr, whose tail the parent reports if the run dies.
    return new StdioClientTransport({
      command: config.command,
      args: config.args ?? [],
      env: config.env ?? {},
      stderr: 'inherit',
    });
  }
  return new StreamableHTTPClientTransport(new URL(config.url), {
    requestInit: { headers: config.headers ?? {} },
  });
}

interface McpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

async function listAllTools(client: Client): Promise<McpTool[]> {
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    tools.push(...(page.tools as McpTool[]));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

function bridgeTool(server: string, client: Client, tool: McpTool): ToolDefinition {
  const name = mcpToolName(server, tool.name);
  return {
    name,
    label: name,
    description: tool.description ?? `${tool.name} from the ${server} MCP server`,
    // Pi validates arguments against a TypeBox schema, and TypeBox schemas are JSON Schema,
    // so the server's schema is used as it is.
    parameters: tool.inputSchema as ToolDefinition['parameters'],
    execute: async (_toolCallId, params, signal) => {
      const result = await client.callTool(
        { name: tool.name, arguments: params as Record<string, unknown> },
        undefined,
        {
          signal,
        },
      );
      const content = Array.isArray(result.content) ? result.content : [];
      const parts = content.map((part) => {
        if (part.type === 'text') return { type: 'text' as const, text: part.text };
        if (part.type === 'image')
          return { type: 'image' as const, data: part.data, mimeType: part.mimeType };
        return { type: 'text' as const, text: JSON.stringify(part) };
      });
      // Pi marks a tool result as an error only when `execute` throws.
      if (result.isError === true) {
        throw new Error(
          parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n') || 'MCP tool failed',
        );
      }
      return { content: parts, details: { server, tool: tool.name } };
    },
  };
}
