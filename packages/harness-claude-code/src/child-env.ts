import { join } from 'node:path';
import { runEnvironment } from '@lifeosai/harness-kit';
import type { ProviderCredentials } from '@lifeosai/harness-spec';

/** What the CLI's environment is built from. */
export interface ChildEnvInput {
  /** Per-agent state directory: becomes HOME, and holds `CLAUDE_CONFIG_DIR`. */
  readonly dataDir: string;
  /** `RunContext.env`: extra variables, secrets already resolved. */
  readonly env: Readonly<Record<string, string>>;
  readonly credentials: ProviderCredentials;
  readonly maxRetries: number;
}

/** Claude Code's own settings directory for one agent: config, transcripts, caches. */
export function claudeConfigDir(dataDir: string): string {
  return join(dataDir, 'claude');
}

/**
 * The CLI's whole environment: the kit's `runEnvironment` (built from nothing, never the
 * service's `process.env`) plus Claude Code's switches. The SDK's `env` option replaces the
 * environment rather than merging it, which is what we want. The API key travels here, never
 * in argv.
 */
export function buildChildEnv(
  input: ChildEnvInput,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const anthropic = input.credentials.anthropic;
  return {
    ...runEnvironment({ base, extra: input.env, home: input.dataDir }),
    CLAUDE_CONFIG_DIR: claudeConfigDir(input.dataDir),
    // Without it the CLI calls Anthropic's hosts for telemetry, error reports and updates.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    // Tool search would hide MCP tools (platform tools included) behind a search step.
    ENABLE_TOOL_SEARCH: 'false',
    CLAUDE_CODE_MAX_RETRIES: String(input.maxRetries),
    CLAUDE_AGENT_SDK_CLIENT_APP: 'lifeosai',
    ...(anthropic?.apiKey ? { ANTHROPIC_API_KEY: anthropic.apiKey } : {}),
    ...(anthropic?.baseUrl ? { ANTHROPIC_BASE_URL: anthropic.baseUrl } : {}),
  };
}
