import type { SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import type { HarnessEvent } from '@lifeosai/events';
import { classifyApiFailure } from './classify-error.ts';
import { isRecord, mapAssistantBlock, mapRawStreamEvent, mapUsage, mapUserContent } from './map-content.ts';
import type { UsageTracker } from './usage-tracker.ts';

/**
 * Maps one SDK message (everything but `result`, which needs the session's cost history)
 * to our event bodies. The SDK's `session_id` and `uuid` move into `native`; messages our
 * schema has no type for (hook, task, plugin, rate-limit notices, …) are dropped: they are
 * the CLI's UI chatter, not the conversation.
 */
export function mapSdkMessage(message: SDKMessage, usage: UsageTracker): HarnessEvent[] {
  switch (message.type) {
    case 'system':
      return mapSystemMessage(message);
    case 'stream_event': {
      const event = mapRawStreamEvent(message.event);
      const used = usage.observe(message.event, message.parent_tool_use_id);
      const out: HarnessEvent[] = [];
      if (event) out.push({ type: 'stream_event', event, parent_tool_use_id: message.parent_tool_use_id });
      if (used) out.push(used);
      return out;
    }
    case 'assistant':
      return mapAssistantMessage(message);
    case 'user': {
      if ('isReplay' in message && message.isReplay) return [];
      return [
        {
          type: 'user',
          message: { role: 'user', content: mapUserContent(message.message.content) },
          parent_tool_use_id: message.parent_tool_use_id,
          ...(message.tool_use_result !== undefined ? { tool_use_result: message.tool_use_result } : {}),
          ...(message.isSynthetic ? { isSynthetic: true } : {}),
          native: { sessionId: message.session_id, ...(message.uuid ? { messageId: message.uuid } : {}) },
        },
      ];
    }
    case 'tool_progress':
      return [
        {
          type: 'tool_progress',
          tool_use_id: message.tool_use_id,
          tool_name: message.tool_name,
          parent_tool_use_id: message.parent_tool_use_id,
          elapsed_time_seconds: Math.max(0, message.elapsed_time_seconds),
        },
      ];
    default:
      return [];
  }
}

/*
 * While a response streams, Claude Code already sends one assistant message per completed
 * block; a message with several blocks (the non-streaming fallback after a broken stream) is
 * split the same way, so consumers see one shape whatever path the CLI took.
 */
function mapAssistantMessage(message: Extract<SDKMessage, { type: 'assistant' }>): HarnessEvent[] {
  const { id, model, content, stop_reason: stopReason, usage } = message.message;
  const blocks = Array.isArray(content) ? content : [];
  const mappedUsage = mapUsage(usage);
  return blocks.map((block) => ({
    type: 'assistant',
    message: {
      id: id || message.uuid,
      role: 'assistant',
      model: model || 'unknown',
      content: [mapAssistantBlock(block)],
      stop_reason: stopReason ?? null,
      ...(mappedUsage ? { usage: mappedUsage } : {}),
    },
    parent_tool_use_id: message.parent_tool_use_id,
    ...(message.supersedes?.length ? { supersedes: message.supersedes.map(String) } : {}),
    ...(message.error ? { error: message.error } : {}),
    native: { sessionId: message.session_id, messageId: message.uuid },
  }));
}

function mapSystemMessage(message: Extract<SDKMessage, { type: 'system' }>): HarnessEvent[] {
  switch (message.subtype) {
    case 'init':
      return [
        {
          type: 'system',
          subtype: 'init',
          model: message.model || 'unknown',
          tools: message.tools,
          cwd: message.cwd,
          mcp_servers: message.mcp_servers.map((server) => ({ name: server.name, status: server.status })),
          permissionMode: message.permissionMode,
          skills: message.skills,
          harness_version: message.claude_code_version,
          native: { sessionId: message.session_id },
        },
      ];
    case 'compact_boundary': {
      const metadata = message.compact_metadata;
      return [
        {
          type: 'system',
          subtype: 'compact_boundary',
          compact_metadata: {
            trigger: metadata.trigger,
            pre_tokens: Math.max(0, metadata.pre_tokens),
            ...(typeof metadata.post_tokens === 'number'
              ? { post_tokens: Math.max(0, metadata.post_tokens) }
              : {}),
          },
          native: { sessionId: message.session_id },
        },
      ];
    }
    case 'status':
      return message.status ? [{ type: 'status', status: message.status }] : [];
    case 'api_retry':
      return [
        {
          type: 'status',
          status: 'retrying',
          message: `model call failed (${message.error_status ?? message.error}); retrying`,
          retry: {
            attempt: Math.max(1, message.attempt),
            maxRetries: Math.max(0, message.max_retries),
            delayMs: Math.max(0, message.retry_delay_ms),
            errorClass: classifyApiFailure({ status: message.error_status, sdkError: message.error }),
          },
        },
      ];
    default:
      return [];
  }
}

/** The SDK's error code of an assistant message standing for a failed call, if it is one. */
export function assistantErrorOf(message: SDKMessage): string | undefined {
  return message.type === 'assistant' && isRecord(message) && typeof message.error === 'string'
    ? message.error
    : undefined;
}
