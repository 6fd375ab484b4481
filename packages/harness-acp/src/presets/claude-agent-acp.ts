import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import type { AcpPreset } from './preset.ts';

const packageName = '@agentclientprotocol/claude-agent-acp';
/** The release this preset was written and tested against (its ACP SDK is 2.4, like ours). */
const testedMajorMinor = '0.101.';

/** The adapter's `package.json`, or undefined when the package is not installed. */
function manifestPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(`${packageName}/package.json`);
  } catch {
    return undefined;
  }
}

/** The adapter's entry script (its `bin`). */
function entryScript(): string | undefined {
  const manifest = manifestPath();
  return manifest === undefined ? undefined : join(dirname(manifest), 'dist', 'index.js');
}

/**
 * Claude Code through Zed's ACP adapter, which drives the Claude Agent SDK (and so the same
 * Claude Code binary as the `claude-code` harness): the same switches keep it off the network
 * except for the LLM proxy, and its settings live in the agent's state directory.
 */
export const claudeAgentAcpPreset: AcpPreset = {
  id: 'claude-agent-acp',
  label: 'Claude Agent (ACP)',
  description: 'Claude Code through the Agent Client Protocol adapter @agentclientprotocol/claude-agent-acp.',
  providers: ['anthropic'],
  models: [
    { id: 'claude-opus-5-5', displayName: 'Claude Opus 5.5', provider: 'anthropic', isDefault: true },
    { id: 'claude-sonnet-5-5', displayName: 'Claude Sonnet 5.5', provider: 'anthropic' },
    { id: 'claude-sonnet-4-6', displayName: 'Claude Sonnet 4.6', provider: 'anthropic' },
    { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', provider: 'anthropic' },
  ],
  // "Manual": the adapter asks the client before every tool Claude Code does not consider
  // read-only; its default ("auto") decides alone, which would bypass the agent's policy.
  askModeId: 'default',
  // Verified by the conformance suite's permission checks: it asks for MCP tools too.
  asksBeforeMcpTools: true,
  prepare(input) {
    return {
      command: process.execPath,
      args: [entryScript() ?? `${packageName}/dist/index.js`],
      env: {
        CLAUDE_CONFIG_DIR: join(input.stateDir, 'claude'),
        // Loading the adapter and its SDK is most of its start; Node keeps the compiled code.
        NODE_COMPILE_CACHE: join(input.stateDir, 'node-compile-cache'),
        // Without them the CLI calls Anthropic's hosts for telemetry, error reports and updates.
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        // Tool search would hide MCP tools (platform tools included) behind a search step.
        ENABLE_TOOL_SEARCH: 'false',
        CLAUDE_CODE_MAX_RETRIES: String(input.maxRetries),
        ...(input.model === undefined ? {} : { ANTHROPIC_MODEL: input.model }),
        ...(input.credential.apiKey ? { ANTHROPIC_API_KEY: input.credential.apiKey } : {}),
        ...(input.credential.baseUrl ? { ANTHROPIC_BASE_URL: input.credential.baseUrl } : {}),
      },
    };
  },
  check: () => checkClaudeAgentAcp(),
};

async function checkClaudeAgentAcp(): Promise<EnvironmentDiagnostic[]> {
  const manifest = manifestPath();
  if (manifest === undefined) {
    return [
      {
        id: 'package',
        status: 'error',
        message: `${packageName} is not installed`,
        fix: 'Run npm install in the platform directory.',
      },
    ];
  }
  const version = await installedVersion(manifest);
  const tested = version?.startsWith(testedMajorMinor) === true;
  const packageDiagnostic: EnvironmentDiagnostic = {
    id: 'package',
    status: tested ? 'ok' : 'warn',
    message: `${packageName} ${version ?? '(unknown version)'}${tested ? '' : ` (tested with ${testedMajorMinor}x)`}`,
    ...(tested ? {} : { fix: `Install ${packageName}@${testedMajorMinor}x.` }),
  };
  return [packageDiagnostic, await claudeBinary(manifest)];
}

async function installedVersion(manifest: string): Promise<string | undefined> {
  try {
    const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Claude Code binary the adapter starts: the Claude Agent SDK's platform package, found
 * from the adapter's own dependencies the way the adapter finds it (glibc build, then musl).
 */
async function claudeBinary(manifest: string): Promise<EnvironmentDiagnostic> {
  const platformPackage = `@anthropic-ai/claude-agent-sdk-${process.platform}-${process.arch}`;
  try {
    const sdk = createRequire(manifest).resolve('@anthropic-ai/claude-agent-sdk');
    const fromSdk = createRequire(sdk);
    for (const name of [platformPackage, `${platformPackage}-musl`]) {
      try {
        const binary = fromSdk.resolve(`${name}/claude`);
        await access(binary, constants.X_OK);
        return { id: 'claude-binary', status: 'ok', message: `The Claude Code binary ${name} is present` };
      } catch {
        // Try the next variant.
      }
    }
  } catch {
    // The SDK itself is missing: reported below.
  }
  return {
    id: 'claude-binary',
    status: 'error',
    message: `The Claude Code binary (${platformPackage}) is not installed`,
    fix: 'Run npm install in the platform directory, without --omit=optional.',
  };
}
