import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import { keepGeminiSessions } from './gemini-sessions.ts';
import type { AcpPreset, PresetLaunchInput } from './preset.ts';
import {
  failedLaunch,
  findPackage,
  nodeAtLeast,
  packageDiagnostic,
  writeStateFiles,
} from './preset-support.ts';

const packageName = '@google/gemini-cli';
/** The release this preset was written and tested against. */
const testedVersion = '0.61.';
/** Gemini CLI's own cap on `general.maxAttempts`. */
const maxAttemptsCap = 10;
/** Its user settings, under GEMINI_CLI_HOME. */
const settingsFile = '.gemini/settings.json';
const defaultModel = 'gemini-2.5-flash';

/**
 * Gemini CLI's settings for a run, written as its user settings. (Not as system settings,
 * which would outrank a workspace's `.gemini/settings.json`: Gemini CLI skips a system
 * settings file unless every folder above it is root-owned and not world-writable.)
 */
export function geminiSettings(model: string, maxRetries: number): object {
  return {
    general: {
      enableAutoUpdate: false,
      enableAutoUpdateNotification: false,
      // Attempts of one model call, the first included: the run's retries plus one.
      maxAttempts: Math.min(maxAttemptsCap, Math.max(1, maxRetries + 1)),
    },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    // IDE detection looks for a companion extension's server: never there in a run.
    ide: { enabled: false },
    security: {
      // Non-interactive: the key comes from GEMINI_API_KEY, no login flow is offered.
      auth: { selectedType: 'gemini-api-key' },
      // The platform decides what the agent may touch; the CLI's own trust prompt would block.
      folderTrust: { enabled: false },
    },
    model: { name: model },
  };
}

/**
 * Google's Gemini CLI in its ACP mode, on the Gemini API through the LLM proxy. Nothing else
 * reaches the network: update checks, usage statistics, telemetry and IDE detection are off,
 * and error reports go to the state directory instead of the shared /tmp.
 */
export const geminiPreset: AcpPreset = {
  id: 'gemini',
  label: 'Gemini CLI',
  description: "Google's Gemini CLI (@google/gemini-cli) in its ACP mode (gemini --acp), on the Gemini API.",
  providers: ['google'],
  models: [
    {
      id: defaultModel,
      displayName: 'Gemini 2.5 Flash',
      provider: 'google',
      contextWindow: 1_048_576,
      isDefault: true,
    },
    { id: 'gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', provider: 'google', contextWindow: 1_048_576 },
  ],
  // It asks before tools in `default` (before every MCP tool; shell commands it deems safe, such as `echo`, it runs).
  askModeId: 'default',
  asksBeforeMcpTools: true,
  // Its tool call ids are `<tool>__<tool>_<time>_<n>`; the title is the command or `<tool> (<server> MCP Server)`.
  toolName: (toolCallId) => {
    const name = toolCallId.split('__')[0];
    return name && name !== toolCallId ? name : undefined;
  },
  prepare: prepareGemini,
  check: checkGemini,
};

function prepareGemini(input: PresetLaunchInput) {
  const settings = geminiSettings(input.model ?? defaultModel, input.maxRetries);
  const failure = writeStateFiles(input.stateDir, { [settingsFile]: JSON.stringify(settings, null, 2) }, [
    'tmp',
  ]);
  if (failure !== undefined) return failedLaunch(geminiPreset.label, failure);
  keepGeminiSessions(input.stateDir);
  const { apiKey, baseUrl } = input.credential;
  return {
    command: process.execPath,
    args: [entryScript(), '--acp'],
    env: {
      // Its ~/.gemini (these settings, sessions, history, installation id) is in the state directory.
      GEMINI_CLI_HOME: input.stateDir,
      // Otherwise it re-spawns itself with a bigger heap: two processes for one agent.
      GEMINI_CLI_NO_RELAUNCH: 'true',
      // Its error reports hold the conversation: keep them out of the machine's /tmp.
      TMPDIR: join(input.stateDir, 'tmp'),
      ...(apiKey ? { GEMINI_API_KEY: apiKey } : {}),
      ...(baseUrl ? { GOOGLE_GEMINI_BASE_URL: baseUrl } : {}),
    },
  };
}

/** The CLI's entry script (the npm `bin`), or where it would be. */
function entryScript(): string {
  const found = findPackage(packageName);
  return join(found?.dir ?? join('node_modules', packageName), 'bundle', 'gemini.js');
}

async function checkGemini(_signal: AbortSignal): Promise<EnvironmentDiagnostic[]> {
  const found = findPackage(packageName);
  const diagnostics: EnvironmentDiagnostic[] = [packageDiagnostic(packageName, found, testedVersion)];
  if (found !== undefined && !existsSync(entryScript())) {
    diagnostics.push({
      id: 'entry-script',
      status: 'error',
      message: `${packageName} is installed without bundle/gemini.js`,
      fix: `Reinstall it: npm install ${packageName}@${found.version}.`,
    });
  }
  if (!nodeAtLeast(20, 0)) {
    diagnostics.push({
      id: 'node-version',
      status: 'error',
      message: `Node ${process.versions.node} is too old for Gemini CLI`,
      fix: 'Run the platform on Node 20 or newer (Node 24 LTS).',
    });
  }
  return diagnostics;
}
