import type { McpSdkServerConfigWithInstance } from '@anthropic-ai/claude-agent-sdk';
import { callPlatformTool, platformServerName } from '@lifeosai/harness-kit';
import type { PlatformTool } from '@lifeosai/harness-spec';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { isRecord } from './map-content.ts';

/** Name of the in-process MCP server; the model sees its tools as `mcp__lifeos__<tool>`. */
export const PLATFORM_SERVER_NAME = platformServerName;

/** Hooks the run gives the platform tool server. */
export interface PlatformToolHooks {
  /** Aborts when the run ends; handlers get it as `call.signal`. */
  readonly signal: AbortSignal;
  /** Called around each handler call, so the stall watchdog does not count tool work as silence. */
  busy(isBusy: boolean): void;
}

/**
 * The platform tools as an in-process MCP server for `query({mcpServers})`.
 *
 * Why a low-level server instead of the SDK's `tool()` helper: `tool()` wants a zod shape,
 * and converting the platform's JSON Schema to zod and back is lossy (`additionalProperties`,
 * formats, unions). Answering `tools/list` ourselves hands the model the exact schema, and
 * `tools/call` passes the input through unvalidated, as the handler contract expects. Every
 * tool is marked `anthropic/alwaysLoad` so it is never hidden behind tool search.
 */
export function createPlatformToolServer(
  tools: ReadonlyArray<PlatformTool>,
  hooks: PlatformToolHooks,
): McpSdkServerConfigWithInstance {
  const server = new McpServer({ name: PLATFORM_SERVER_NAME, version: '1.0.0' });
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  server.server.registerCapabilities({ tools: { listChanged: false } });
  server.server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      _meta: { 'anthropic/alwaysLoad': true },
    })),
  }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const toolUseId = request.params._meta?.['claudecode/toolUseId'];
    hooks.busy(true);
    try {
      const result = await callPlatformTool(
        byName,
        request.params.name,
        isRecord(request.params.arguments) ? request.params.arguments : {},
        {
          signal: AbortSignal.any([hooks.signal, extra.signal]),
          ...(typeof toolUseId === 'string' ? { toolUseId } : {}),
        },
      );
      return {
        content: result.content.map((part) => ({ type: 'text' as const, text: part.text })),
        isError: result.isError === true,
      };
    } finally {
      hooks.busy(false);
    }
  });
  return { type: 'sdk', name: PLATFORM_SERVER_NAME, instance: server };
}
