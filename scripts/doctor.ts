/**
 * `npm run doctor`: checks what local mode needs and prints ✓ / ! / ✗ with a fix for each:
 * Node version, config, data directory, ports, provider keys, and each harness's own
 * environment check. Exits 1 when anything is ✗ (a ! is a warning: runs may still work).
 * Never prints a secret: keys are reported as set or not set.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtInHarnesses } from '@lifeosai/agent-api/harnesses';
import { type LifeosConfig, loadConfig, providerFacts, providerIds } from '@lifeosai/config';
import type { ProviderCredentials } from '@lifeosai/harness-spec';
import { decideIsolation, loadSandboxSettings, probeSandbox } from '@lifeosai/sandbox';
import { isPortFree, type PlatformPorts, portSettings } from '@lifeosai/supervisor';

type Status = 'ok' | 'info' | 'warn' | 'error';
const marks: Record<Status, string> = { ok: '✓', info: '·', warn: '!', error: '✗' };
let failed = false;

function report(status: Status, message: string, fix?: string): void {
  if (status === 'error') failed = true;
  console.log(`${marks[status]} ${message}${fix && status !== 'ok' ? `\n    fix: ${fix}` : ''}`);
}

function checkNode(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > 24 || (major === 24 && minor >= 21);
  report(
    ok ? 'ok' : 'error',
    `Node ${process.versions.node}${ok ? '' : ' (24.21 or newer is required)'}`,
    'run through npm (npm run doctor / npm start): the project brings Node 24 as a devDependency; run npm install first',
  );
}

/** Writes and removes a probe file; a missing directory is judged by its nearest existing parent. */
function checkDataDirectory(config: LifeosConfig): void {
  let directory = config.home;
  while (!existsSync(directory) && dirname(directory) !== directory) directory = dirname(directory);
  const probe = join(directory, `.lifeosai-doctor-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
    rmSync(probe);
    report(
      'ok',
      directory === config.home
        ? `data directory ${config.home} is writable`
        : `data directory ${config.home} can be created (npm start creates it)`,
    );
  } catch (error) {
    report(
      'error',
      `data directory ${config.home} is not writable (${(error as Error).message})`,
      'fix its permissions, or point LIFEOSAI_HOME at a directory you own',
    );
  }
}

async function checkPorts(config: LifeosConfig): Promise<void> {
  const settings = portSettings(config.home);
  for (const [service, port] of Object.entries(config.ports) as [keyof PlatformPorts, number][]) {
    if (await isPortFree(port, '127.0.0.1')) {
      report('ok', `port ${port} (${service}) is free`);
    } else {
      report(
        'error',
        `port ${port} (${service}) is in use (LIFEOSAI already running, or another program)`,
        `stop whatever uses it, or set ${settings[service]} to a free port`,
      );
    }
  }
}

function providerCredentials(): ProviderCredentials {
  const credentials: Record<string, { apiKey: string; baseUrl?: string }> = {};
  for (const provider of providerIds) {
    const { apiKeyVariable, baseUrlVariable } = providerFacts[provider];
    const apiKey = process.env[apiKeyVariable];
    const baseUrl = process.env[baseUrlVariable];
    if (apiKey) credentials[provider] = { apiKey, ...(baseUrl && { baseUrl }) };
    report(apiKey ? 'ok' : 'info', `${apiKeyVariable} ${apiKey ? 'is set' : 'is not set'}`);
  }
  if (Object.keys(credentials).length === 0) {
    report(
      'error',
      'no provider key in the environment',
      `export ${providerIds.map((provider) => providerFacts[provider].apiKeyVariable).join(', ')}, or add a provider in the web app (Settings → Model providers)`,
    );
  }
  return credentials;
}

/**
 * Whether runs will be sandboxed: the same probe the Agent API runs at start (a real
 * bubblewrap sandbox), and the same decision (cloud mode and `required` refuse to run without).
 */
async function checkSandbox(config: LifeosConfig | undefined): Promise<void> {
  let settings: ReturnType<typeof loadSandboxSettings>;
  try {
    settings = loadSandboxSettings();
  } catch (error) {
    report('error', (error as Error).message, 'fix the LIFEOSAI_SANDBOX* variable named above');
    return;
  }
  const probe = settings.mode === 'off' ? undefined : await probeSandbox(settings);
  try {
    const decision = decideIsolation(settings, config?.mode ?? 'local', probe);
    if (decision.warning) report('warn', `run sandbox: ${decision.warning.message}`, decision.warning.fix);
    else report('ok', 'run sandbox: bubblewrap works (every run gets its own namespaces, user and limits)');
  } catch (error) {
    report('error', `run sandbox: ${(error as Error).message}`);
  }
}

async function checkHarnesses(credentials: ProviderCredentials): Promise<void> {
  // The Agent API's own registration list: a harness registered there is checked here too.
  for (const harness of builtInHarnesses().values()) {
    const diagnostics = await harness.checkEnvironment({
      credentials,
      env: {},
      signal: AbortSignal.timeout(20_000),
    });
    for (const diagnostic of diagnostics) {
      report(diagnostic.status, `${harness.displayName}: ${diagnostic.message}`, diagnostic.fix);
    }
  }
}

console.log('LIFEOSAI doctor');
checkNode();
let config: LifeosConfig | undefined;
try {
  config = loadConfig();
  report('ok', `configuration valid (${config.mode} mode)`);
} catch (error) {
  report('error', (error as Error).message, 'fix the setting named above (environment or config.json)');
}
if (config) {
  checkDataDirectory(config);
  await checkPorts(config);
}
await checkSandbox(config);
await checkHarnesses(providerCredentials());
console.log(
  failed
    ? '\nSome checks failed (✗): fix them, then run npm run doctor again.'
    : '\nAll required checks passed.',
);
process.exit(failed ? 1 : 0);
