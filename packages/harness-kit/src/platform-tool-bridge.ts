import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { McpStdioServerConfig, PlatformTool, PlatformToolResult } from '@lifeosai/harness-spec';
import type { PermissionVerdict, ToolCallToJudge } from './permission-broker.ts';
import { callPlatformTool, toolError } from './platform-tool-call.ts';
import { serveUnixSocket } from './unix-socket.ts';

/** Name of the platform's MCP server: the model sees its tools as `mcp__lifeos__<tool>` (Claude) or `lifeos.<tool>`. */
export const platformServerName = 'lifeos';

const relayScript = fileURLToPath(new URL('./mcp-relay.ts', import.meta.url));

/** What the bridge serves and how it asks before each call. */
export interface PlatformToolBridgeOptions {
  /** A directory the run's processes can reach at the same path (the agent's data dir); the socket is made in it. */
  readonly directory: string;
  /** The run's platform tools (`RunContext.platformTools`). */
  readonly tools: ReadonlyArray<PlatformTool>;
  /**
   * Decides each call before its handler runs (a `PermissionBroker`'s `judge`); absent when
   * the runtime asks itself. It is given the tool's name as the harness reports it in
   * `tool_use` blocks: `mcp__lifeos__<tool>`.
   */
  readonly judge?: (call: ToolCallToJudge) => Promise<PermissionVerdict>;
  /** Called around each handler call, so a stall watchdog does not count tool work as silence. */
  readonly onBusy?: (busy: boolean) => void;
  /** Aborts when the run ends: handlers get it, and the bridge closes. */
  readonly signal: AbortSignal;
  /** The Node that runs the relay inside the sandbox; default this process's. */
  readonly nodePath?: string;
}

/** An open bridge. */
export interface PlatformToolBridge {
  /** The stdio MCP server to hand the runtime (named `platformServerName`): the relay and the socket path, no secret. */
  readonly server: McpStdioServerConfig;
  /** Closes the socket and every connection; idempotent, never rejects. */
  close(): Promise<void>;
}

/**
 * Serves the platform tools to a runtime that runs in the sandbox and takes MCP servers as
 * commands (Codex, ACP agents). The tools' handlers reach the platform's services, so they
 * stay in the host: the runtime starts `mcp-relay.ts`, which only pipes its stdio to a Unix
 * socket in the agent's data dir, and the MCP server behind that socket runs here.
 *
 * Why a Unix socket: the sandbox's network holds only loopback and the platform's egress, but
 * it sees the agent's data dir at the same path; a socket file there reaches this process
 * without opening a port any other local process could connect to.
 */
export async function openPlatformToolBridge(
  options: PlatformToolBridgeOptions,
): Promise<PlatformToolBridge> {
  const socket = await serveUnixSocket({
    directory: options.directory,
    prefix: '.lifeos-tools',
    onConnection: (connection) => void serveConnection(connection, options).catch(() => connection.destroy()),
    signal: options.signal,
  });
  return {
    server: {
      type: 'stdio',
      command: options.nodePath ?? process.execPath,
      args: [relayScript, socket.path],
      env: {},
    },
    close: socket.close,
  };
}

/** One MCP session over one relay connection. */
async function serveConnection(socket: Socket, options: PlatformToolBridgeOptions): Promise<void> {
  const tools = new Map(options.tools.map((tool) => [tool.name, tool]));
  // The MCP SDK loads with the first run that has platform tools, not with the platform (ADR 0026).
  const [{ Server }, { StdioServerTransport }, { CallToolRequestSchema, ListToolsRequestSchema }] =
    await Promise.all([
      import('@modelcontextprotocol/sdk/server/index.js'),
      import('@modelcontextprotocol/sdk/server/stdio.js'),
      import('@modelcontextprotocol/sdk/types.js'),
    ]);
  const server = new Server({ name: platformServerName, version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: options.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    const input = isRecord(request.params.arguments) ? request.params.arguments : {};
    if (options.judge) {
      const verdict = await options.judge({ toolName: `mcp__${platformServerName}__${name}`, input });
      if (!verdict.allow) return mcpResult(toolError(verdict.message ?? `The call to ${name} was refused.`));
    }
    options.onBusy?.(true);
    try {
      const result = await callPlatformTool(tools, name, input, {
        signal: AbortSignal.any([options.signal, extra.signal]),
      });
      return mcpResult(result);
    } finally {
      options.onBusy?.(false);
    }
  });
  socket.once('close', () => void server.close());
  await server.connect(new StdioServerTransport(socket, socket));
}

/** A platform tool result as MCP's `CallToolResult`. */
function mcpResult(result: PlatformToolResult): {
  content: Array<{ type: 'text'; text: string }>;
  isError: boolean;
} {
  return {
    content: result.content.map((part) => ({ type: 'text', text: part.text })),
    isError: result.isError === true,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
