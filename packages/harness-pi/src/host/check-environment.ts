import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { EnvironmentContext, EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import type { PiConfig, PiProvider } from '../shared/config.ts';
import { piProviders } from './metadata.ts';
import { providerSettings } from './provider-settings.ts';
import { runnerEnvironment } from './runner-process.ts';

const probePath = fileURLToPath(new URL('../runner/probe-sdk.ts', import.meta.url));
const probeTimeoutMs = 20_000;
/** Pi 0.87's own engine requirement. */
const minimumNode = [22, 19] as const;

/** The checks of `Harness.checkEnvironment`; see its contract (never rejects, spends no tokens). */
export async function checkPiEnvironment(
  context: EnvironmentContext<PiConfig>,
): Promise<EnvironmentDiagnostic[]> {
  const diagnostics: EnvironmentDiagnostic[] = [nodeVersion(), ...providerKeys(context)];
  if (context.dataDir !== undefined) diagnostics.push(await dataDirWritable(context.dataDir));
  diagnostics.push(await sdkLoads(context));
  return diagnostics;
}

function nodeVersion(): EnvironmentDiagnostic {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > minimumNode[0] || (major === minimumNode[0] && minor >= minimumNode[1]);
  return ok
    ? { id: 'node-version', status: 'ok', message: `Node ${process.versions.node}` }
    : {
        id: 'node-version',
        status: 'error',
        message: `Node ${process.versions.node} is too old for Pi`,
        fix: `Run the platform on Node ${minimumNode.join('.')} or newer (Node 24 LTS).`,
      };
}

function providerKeys(context: EnvironmentContext<PiConfig>): EnvironmentDiagnostic[] {
  if (context.config !== undefined) {
    const settings = providerSettings(context.config, context.credentials);
    return [keyDiagnostic(settings.provider, settings.apiKey !== undefined, settings.keyOptional)];
  }
  const configured = piProviders.filter((provider) => context.credentials[provider]?.apiKey);
  return configured.length > 0
    ? [{ id: 'provider-key', status: 'ok', message: `API keys configured for ${configured.join(', ')}` }]
    : [
        {
          id: 'provider-key',
          status: 'error',
          message: `No API key is configured for any of ${piProviders.join(', ')}`,
          fix: "Add a provider API key in Settings → Model providers, or to the agent's secrets.",
        },
      ];
}

function keyDiagnostic(provider: PiProvider, configured: boolean, optional: boolean): EnvironmentDiagnostic {
  const id = `${provider}-key`;
  if (configured) return { id, status: 'ok', message: `An API key is configured for ${provider}` };
  if (optional) {
    return { id, status: 'warn', message: `No API key for the ${provider} endpoint; it is sent without one` };
  }
  return {
    id,
    status: 'error',
    message: `No API key is configured for ${provider}`,
    fix: `Add a ${provider} API key in Settings → Model providers, or to the agent's secrets.`,
  };
}

async function dataDirWritable(dataDir: string): Promise<EnvironmentDiagnostic> {
  try {
    await access(dataDir, constants.W_OK);
    return { id: 'data-dir', status: 'ok', message: 'The agent data directory is writable' };
  } catch {
    return {
      id: 'data-dir',
      status: 'error',
      message: 'The agent data directory is missing or not writable',
      fix: 'Check the permissions of $LIFEOSAI_HOME.',
    };
  }
}

/** Loads the SDK in a child process with the runner's kind of environment. */
function sdkLoads(context: EnvironmentContext<PiConfig>): Promise<EnvironmentDiagnostic> {
  const env = runnerEnvironment({ dataDir: context.dataDir ?? process.cwd(), extra: {}, base: process.env });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [probePath],
      { env, timeout: probeTimeoutMs, signal: context.signal, killSignal: 'SIGKILL' },
      (error, stdout) => {
        const version = /"piVersion":"([^"]+)"/.exec(stdout)?.[1];
        if (error === null && version !== undefined) {
          resolve({ id: 'pi-sdk', status: 'ok', message: `The Pi SDK ${version} loads` });
          return;
        }
        resolve({
          id: 'pi-sdk',
          status: 'error',
          message: `The Pi SDK could not be loaded${error ? `: ${error.message.split('\n')[0]}` : ''}`,
          fix: 'Reinstall @earendil-works/pi-coding-agent (npm install in the platform directory).',
        });
      },
    );
  });
}
