/*
 * Tool names the model sees. Platform and MCP tools are named like Claude Code names them
 * (`mcp__<server>__<tool>`, platform tools under the `lifeosai` server), so one permission
 * rule (`mcp__github__*`) means the same thing on every harness.
 */

/** Server name under which platform tools appear. */
const platformServerName = 'lifeosai';

// Anthropic and OpenAI both accept ^[a-zA-Z0-9_-]{1,64}$ for tool names.
const maxToolNameLength = 64;

function sanitize(part: string): string {
  return part.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/** `mcp__<server>__<tool>`, made safe for provider APIs. */
export function mcpToolName(server: string, tool: string): string {
  return `mcp__${sanitize(server)}__${sanitize(tool)}`.slice(0, maxToolNameLength);
}

/** The name of a platform tool as the model sees it. */
export function platformToolName(tool: string): string {
  return mcpToolName(platformServerName, tool);
}
