/**
 * An external MCP server an agent uses, from its config. Keyed by name in
 * `RunContext.mcpServers`; Claude names its tools `mcp__<name>__<tool>`, so names are
 * stable identifiers, not labels.
 */
export type McpServerConfig = McpStdioServerConfig | McpHttpServerConfig;

/** An MCP server the harness starts as a child process, speaking MCP over stdio. */
export interface McpStdioServerConfig {
  /** Discriminator. */
  readonly type: 'stdio';
  /** Executable to run. */
  readonly command: string;
  /** Arguments; never secrets (argv is visible to every local user). */
  readonly args?: ReadonlyArray<string>;
  /** Environment for the server process, secrets already resolved. */
  readonly env?: Readonly<Record<string, string>>;
}

/** An MCP server reached over Streamable HTTP. */
export interface McpHttpServerConfig {
  /** Discriminator. */
  readonly type: 'http';
  /** Endpoint URL. */
  readonly url: string;
  /** Request headers (e.g. `Authorization`), secrets already resolved. */
  readonly headers?: Readonly<Record<string, string>>;
}
