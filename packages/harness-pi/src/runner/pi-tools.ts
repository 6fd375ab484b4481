import type { ExtensionFactory, ToolDefinition } from '@earendil-works/pi-coding-agent';
import type { RunnerOptions } from '../shared/ipc-protocol.ts';
import type { RunnerChannel } from './runner-channel.ts';
import { platformToolName } from './tool-names.ts';

/**
 * Platform tools as Pi custom tools. Their handlers live in the parent (they reach the
 * platform's services), so `execute` forwards the call over IPC and waits for the answer.
 */
export function platformToolProxies(
  tools: RunnerOptions['platformTools'],
  channel: RunnerChannel,
): ToolDefinition[] {
  return tools.map((tool) => {
    const name = platformToolName(tool.name);
    return {
      name,
      label: name,
      description: tool.description,
      // A TypeBox schema is JSON Schema; the platform's schema is used as it is.
      parameters: tool.inputSchema as ToolDefinition['parameters'],
      execute: async (toolCallId, params, signal) => {
        const reply = await channel.request<'platform_tool_call'>(
          {
            type: 'platform_tool_call',
            name: tool.name,
            toolCallId,
            input: params as Record<string, unknown>,
          },
          signal,
        );
        if (reply.type !== 'platform_tool_result')
          throw new Error('unexpected reply to a platform tool call');
        const text = reply.content.map((part) => part.text).join('\n');
        // Pi turns a throw into an error tool result; that is how `isError` reaches the model.
        if (reply.isError) throw new Error(text || 'the platform tool failed');
        return {
          content: reply.content.map((part) => ({ type: 'text' as const, text: part.text })),
          details: {},
        };
      },
    };
  });
}

/**
 * An inline Pi extension that asks the parent before every tool call — built-in (bash,
 * edit, …), MCP and platform tools alike. Pi's `tool_call` hook runs after argument
 * validation and before `execute`; a `block` becomes an error tool result carrying
 * `reason`, which is what the model reads.
 */
export function permissionGate(channel: RunnerChannel): ExtensionFactory {
  return (pi) => {
    pi.on('tool_call', async (event, context) => {
      const reply = await channel.request<'permission_request'>(
        {
          type: 'permission_request',
          toolName: event.toolName,
          toolCallId: event.toolCallId,
          input: (event.input ?? {}) as Record<string, unknown>,
        },
        context.signal,
      );
      if (reply.type === 'permission_decision' && reply.allow) return undefined;
      const message = reply.type === 'permission_decision' ? reply.message : undefined;
      return { block: true, reason: message ?? `Permission to use ${event.toolName} was denied.` };
    });
  };
}
