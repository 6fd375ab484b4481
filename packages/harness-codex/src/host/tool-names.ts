/**
 * Names of Codex's tools as this harness reports them in `tool_use` blocks and as permission
 * rules match them: the names Codex's own PreToolUse hook gives (`Bash` for its
 * `exec_command`, `apply_patch`, `mcp__<server>__<tool>`), so a rule means the same whether
 * the hook judges the call or a chat shows it — and `Bash` and `mcp__…` mean what they mean
 * on Claude Code.
 */
export const toolNames = {
  /** A shell command (`exec_command`). */
  shell: 'Bash',
  /** A file edit. */
  patch: 'apply_patch',
  /** A web search (switched off in the run's config; kept so a stray one still renders). */
  webSearch: 'web_search',
  /** Codex's plan (its `todo_list` item). */
  plan: 'update_plan',
  /** A tool of an MCP server. */
  mcp: (server: string, tool: string) => `mcp__${server}__${tool}`,
} as const;
