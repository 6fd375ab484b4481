import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { providerFacts } from '@lifeosai/config/providers';
import type { EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import type { AcpPreset, PresetLaunchInput } from './preset.ts';
import {
  anthropicAndOpenAiModels,
  defaultModelOf,
  failedLaunch,
  findPackage,
  packageDiagnostic,
  writeStateFiles,
} from './preset-support.ts';

const packageName = 'opencode-ai';
/** The release this preset was written and tested against. */
const testedVersion = '1.18.33';
/** Its first start unpacks itself and takes seconds on a busy machine. */
const versionTimeoutMs = 30_000;
type OpenCodeProvider = 'anthropic' | 'openai';
/** Its XDG folders, under the state directory. */
const xdgFolders = {
  XDG_CONFIG_HOME: 'config',
  XDG_DATA_HOME: 'data',
  XDG_CACHE_HOME: 'cache',
  XDG_STATE_HOME: 'state',
};

/**
 * OpenCode's config for a run, passed in OPENCODE_CONFIG_CONTENT (no file): the model on the
 * proxy's base URL, every risky tool asking the client first (so the platform's permission
 * rules decide), and no title generation, which would be a second model call per session.
 */
export function openCodeConfig(provider: OpenCodeProvider, model: string, baseUrl: string): object {
  return {
    autoupdate: false,
    share: 'disabled',
    model: `${provider}/${model}`,
    // OpenCode's providers (the AI SDK's) take the base URL with its version.
    provider: { [provider]: { options: { baseURL: provider === 'anthropic' ? `${baseUrl}/v1` : baseUrl } } },
    agent: { title: { disable: true } },
    permission: { edit: 'ask', bash: 'ask', webfetch: 'ask', external_directory: 'ask' },
  };
}

/**
 * OpenCode in its ACP mode (`opencode acp`, a native binary from its npm platform package),
 * offline: no auto-update, no models.dev catalog fetch (its bundled catalog serves), no LSP
 * or plugin downloads, no sharing; everything it keeps lives in the state directory.
 */
export const openCodePreset: AcpPreset = {
  id: 'opencode',
  label: 'OpenCode',
  description: 'OpenCode (opencode-ai) in its ACP mode (opencode acp), on Anthropic or OpenAI.',
  providers: ['anthropic', 'openai'],
  models: anthropicAndOpenAiModels,
  prepare: prepareOpenCode,
  check: checkOpenCode,
};

function prepareOpenCode(input: PresetLaunchInput) {
  const provider: OpenCodeProvider = input.provider === 'openai' ? 'openai' : 'anthropic';
  const baseUrl = input.credential.baseUrl ?? providerFacts[provider].defaultBaseUrl;
  const failure = writeStateFiles(input.stateDir, {}, Object.values(xdgFolders));
  if (failure !== undefined) return failedLaunch(openCodePreset.label, failure);
  const { apiKey } = input.credential;
  const config = openCodeConfig(
    provider,
    input.model ?? defaultModelOf(openCodePreset.models, provider),
    baseUrl,
  );
  return {
    command: binary(),
    args: ['acp'],
    env: {
      ...Object.fromEntries(
        Object.entries(xdgFolders).map(([name, folder]) => [name, join(input.stateDir, folder)]),
      ),
      OPENCODE_CONFIG_CONTENT: JSON.stringify(config),
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      OPENCODE_DISABLE_SHARE: '1',
      // Default plugins are npm packages it would install at start.
      OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
      // It would read ~/.claude and other agents' skills; and a workspace's opencode.json
      // could grant itself every permission.
      OPENCODE_DISABLE_CLAUDE_CODE: '1',
      OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
      OPENCODE_DISABLE_PROJECT_CONFIG: '1',
      ...(apiKey ? { [providerFacts[provider].apiKeyVariable]: apiKey } : {}),
    },
  };
}

/** The native binary its npm package installs (the package's `bin`). */
function binary(): string {
  return join(findPackage(packageName)?.dir ?? join('node_modules', packageName), 'bin', 'opencode.exe');
}

async function checkOpenCode(signal: AbortSignal): Promise<EnvironmentDiagnostic[]> {
  const found = findPackage(packageName);
  const diagnostics: EnvironmentDiagnostic[] = [packageDiagnostic(packageName, found, testedVersion)];
  if (found === undefined) return diagnostics;
  const version = await binaryVersion(signal);
  if (version === undefined) {
    diagnostics.push({
      id: 'binary',
      status: 'error',
      message: `${packageName} is installed but its binary (bin/opencode.exe) does not run here`,
      fix: `Reinstall it with its platform package (npm install ${packageName}@${found.version}); it needs its optional dependency opencode-linux-x64.`,
    });
  }
  diagnostics.push({
    id: 'retries',
    status: 'warn',
    message:
      'OpenCode 1.18 retries a failed model call (429, 5xx, a dropped stream) up to 5 times with its own ' +
      'backoff, whatever maxRetries says: a run fails only after the fault outlasts them (up to about a minute)',
    fix: 'Expect slow failures on provider outages, or use a harness whose retries follow maxRetries.',
  });
  return diagnostics;
}

/** `opencode --version` (it starts no agent); undefined when it does not answer. */
function binaryVersion(signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      binary(),
      ['--version'],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        timeout: versionTimeoutMs,
        signal,
        killSignal: 'SIGKILL',
      },
      (error, stdout) => {
        const version = stdout.trim();
        resolve(error === null && /^\d+\.\d+\.\d+/.test(version) ? version : undefined);
      },
    );
  });
}
