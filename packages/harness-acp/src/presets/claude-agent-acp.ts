import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import type { AcpPreset } from './preset.ts';

const packageName = '@agentclientprotocol/claude-agent-acp';
/** The release this preset was written and tested against (its ACP SDK is 2.4, like ours). */
const testedMajorMinor = '0.101.';
const versionTimeoutMs = 15_000;

/** The adapter's entry script, or undefined when the package is not installed. */
function entryScript(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${packageName}/package.json`);
    return join(dirname(manifest), 'dist', 'index.js');
  } catch {
    return undefined;
  }
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
  check: checkClaudeAgentAcp,
};

async function checkClaudeAgentAcp(signal: AbortSignal): Promise<EnvironmentDiagnostic[]> {
  const script = entryScript();
  if (script === undefined) {
    return [
      {
        id: 'package',
        status: 'error',
        message: `${packageName} is not installed`,
        fix: 'Run npm install in the platform directory.',
      },
    ];
  }
  const version = await installedVersion(script, signal);
  if (version === undefined) {
    return [
      {
        id: 'package',
        status: 'error',
        message: `${packageName} is installed but does not start`,
        fix: 'Reinstall it (npm install in the platform directory); the platform needs Node 24.',
      },
    ];
  }
  const tested = version.startsWith(testedMajorMinor);
  return [
    {
      id: 'package',
      status: tested ? 'ok' : 'warn',
      message: `${packageName} ${version}${tested ? '' : ` (tested with ${testedMajorMinor}x)`}`,
      ...(tested ? {} : { fix: `Install ${packageName}@${testedMajorMinor}x.` }),
    },
  ];
}

/** The adapter's own `--version` answer (it starts no agent); undefined when it fails to answer. */
function installedVersion(script: string, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, '--version'],
      { env: { PATH: process.env.PATH ?? '' }, timeout: versionTimeoutMs, signal, killSignal: 'SIGKILL' },
      (error, stdout) => {
        const version = stdout.trim();
        resolve(error === null && /^\d+\.\d+\.\d+/.test(version) ? version : undefined);
      },
    );
  });
}
