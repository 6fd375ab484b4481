import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { providerFacts } from '@lifeosai/config/providers';
import type { EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import type { AcpPreset, PresetLaunchInput } from './preset.ts';
import {
  anthropicAndOpenAiModels,
  defaultModelOf,
  failedLaunch,
  findPackage,
  nodeAtLeast,
  packageDiagnostic,
  type StateFiles,
  writeStateFiles,
} from './preset-support.ts';

const adapterPackage = 'pi-acp';
const piPackage = '@earendil-works/pi-coding-agent';
/** The releases this preset was written and tested against. */
const testedAdapter = '0.0.34';
const testedPi = '0.87.';
/** Pi's own engine requirement. */
const piNode = [22, 19] as const;
type PiAcpProvider = 'anthropic' | 'openai';

/**
 * Pi's settings and model endpoints for a run (its agent directory is the state directory).
 * Anthropic keeps Pi's built-in catalog with the proxy's base URL; OpenAI-compatible is a
 * chat-completions provider holding the one model the run names. Keys stay in variables.
 */
export function piAgentFiles(
  provider: PiAcpProvider,
  model: string,
  baseUrl: string,
  maxRetries: number,
): StateFiles {
  const settings = {
    defaultProvider: provider,
    defaultModel: model,
    retry: { enabled: maxRetries > 0, maxRetries },
    // Cache warming sends model requests of its own between turns.
    cacheWarming: 'off',
    // A workspace's .pi settings and extensions would run inside the agent: never load them.
    defaultProjectTrust: 'never',
    quietStartup: true,
  };
  const endpoint =
    provider === 'anthropic'
      ? { baseUrl }
      : { baseUrl, api: 'openai-completions', apiKey: '$OPENAI_API_KEY', models: [{ id: model }] };
  return {
    'settings.json': JSON.stringify(settings, null, 2),
    'models.json': JSON.stringify({ providers: { [provider]: endpoint } }, null, 2),
  };
}

/**
 * Pi through its ACP adapter `pi-acp`, which starts `pi --mode rpc`: Pi's own CLI on the
 * platform's Node (a small launcher in the state directory, since the adapter runs one
 * executable), offline (`PI_OFFLINE`, no telemetry, no version check).
 */
export const piAcpPreset: AcpPreset = {
  id: 'pi-acp',
  label: 'Pi (ACP)',
  description: 'The Pi coding agent (@earendil-works/pi-coding-agent) through its ACP adapter pi-acp.',
  providers: ['anthropic', 'openai'],
  models: anthropicAndOpenAiModels,
  prepare: preparePiAcp,
  check: checkPiAcp,
};

function preparePiAcp(input: PresetLaunchInput) {
  const provider: PiAcpProvider = input.provider === 'openai' ? 'openai' : 'anthropic';
  const baseUrl = input.credential.baseUrl ?? providerFacts[provider].defaultBaseUrl;
  const model = input.model ?? defaultModelOf(piAcpPreset.models, provider);
  const launcher = join(input.stateDir, 'bin', 'pi');
  const files = piAgentFiles(provider, model, baseUrl, input.maxRetries);
  const failure =
    writeStateFiles(input.stateDir, files) ??
    writeStateFiles(input.stateDir, { 'bin/pi': launcherScript() }, [], 0o700);
  if (failure !== undefined) return failedLaunch(piAcpPreset.label, failure);
  const { apiKey } = input.credential;
  return {
    command: process.execPath,
    args: [join(packageDir(adapterPackage), 'dist', 'index.js')],
    env: {
      PI_CODING_AGENT_DIR: input.stateDir,
      PI_ACP_PI_COMMAND: launcher,
      PI_OFFLINE: '1',
      PI_TELEMETRY: '0',
      PI_SKIP_VERSION_CHECK: '1',
      ...(apiKey ? { [providerFacts[provider].apiKeyVariable]: apiKey } : {}),
    },
  };
}

/** `pi` for the adapter: Pi's CLI on this Node (its shebang would pick whatever node is on PATH). */
function launcherScript(): string {
  const cli = join(packageDir(piPackage), 'dist', 'bundle', 'cli.js');
  return `#!/bin/sh\nexec ${shellQuoted(process.execPath)} ${shellQuoted(cli)} "$@"\n`;
}

function shellQuoted(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function packageDir(name: string): string {
  return findPackage(name)?.dir ?? join('node_modules', name);
}

async function checkPiAcp(_signal: AbortSignal): Promise<EnvironmentDiagnostic[]> {
  const adapter = findPackage(adapterPackage);
  const pi = findPackage(piPackage);
  const diagnostics: EnvironmentDiagnostic[] = [
    packageDiagnostic(adapterPackage, adapter, testedAdapter),
    { ...packageDiagnostic(piPackage, pi, testedPi), id: 'pi-package' },
  ];
  if (pi !== undefined && !existsSync(join(pi.dir, 'dist', 'bundle', 'cli.js'))) {
    diagnostics.push({
      id: 'pi-cli',
      status: 'error',
      message: `${piPackage} is installed without dist/bundle/cli.js`,
      fix: `Reinstall it: npm install ${piPackage}@${pi.version}.`,
    });
  }
  if (!nodeAtLeast(...piNode)) {
    diagnostics.push({
      id: 'node-version',
      status: 'error',
      message: `Node ${process.versions.node} is too old for Pi`,
      fix: `Run the platform on Node ${piNode.join('.')} or newer (Node 24 LTS).`,
    });
  }
  diagnostics.push(
    {
      id: 'model-errors',
      status: 'warn',
      message:
        'pi-acp 0.0.34 ends a turn whose model call failed (an HTTP error, a broken stream) as a normal ' +
        'end_turn with no error: such runs look successful',
      fix: 'Use the pi harness (adapterType "pi") where failures must show.',
    },
    {
      id: 'permissions',
      status: 'warn',
      message: 'Pi never asks before a tool: the agent’s "ask" permission rules do not apply to it',
      fix: 'Use it for agents whose tools may all run, or use the pi harness, which asks.',
    },
  );
  return diagnostics;
}
