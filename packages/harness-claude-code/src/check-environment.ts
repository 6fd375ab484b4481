import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvironmentContext, EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import { claudeConfigDir } from './child-env.ts';
import type { ClaudeCodeConfig } from './config.ts';
import { executableProblem } from './executable.ts';

/**
 * `claude --version` answers in ~0.1 s when warm, but the first start pages in a ~380 MB
 * binary: on a loaded 2-core machine that took over 5 s. Past 15 s something is wrong.
 */
const VERSION_TIMEOUT_MS = 15_000;

/**
 * What a UI shows next to the harness: the binary (present, executable, its version), the
 * Anthropic key (configured or not — never its value), and, for one agent, whether its
 * Claude config directory is writable. Never rejects; honours `ctx.signal`.
 */
export async function checkEnvironment(
  ctx: EnvironmentContext<ClaudeCodeConfig>,
  executablePath: string | undefined,
): Promise<EnvironmentDiagnostic[]> {
  const diagnostics = [await checkBinary(executablePath, ctx.signal), checkKey(ctx)];
  if (ctx.dataDir) diagnostics.push(await checkConfigDir(ctx.dataDir));
  return diagnostics;
}

async function checkBinary(path: string | undefined, signal: AbortSignal): Promise<EnvironmentDiagnostic> {
  const problem = await executableProblem(path);
  if (problem) {
    return {
      id: 'binary-present',
      status: 'error',
      message: `Claude Code cannot start: ${problem}.`,
      fix: 'Reinstall @anthropic-ai/claude-agent-sdk with its optional dependencies (not --omit=optional).',
    };
  }
  const version = await readVersion(path!, signal);
  return version
    ? { id: 'binary-present', status: 'ok', message: `Claude Code ${version} at ${path}.` }
    : {
        id: 'binary-present',
        status: 'warn',
        message: `Claude Code at ${path} did not report its version.`,
        fix: 'Check that the binary matches this system (glibc or musl, architecture).',
      };
}

function readVersion(path: string, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    // A bare environment: the version check needs no key and must not see the service's secrets.
    execFile(
      path,
      ['--version'],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        timeout: VERSION_TIMEOUT_MS,
        signal,
        killSignal: 'SIGKILL',
      },
      (error, stdout) => resolve(error ? undefined : stdout.trim().split(/\s+/)[0] || undefined),
    );
  });
}

function checkKey(ctx: EnvironmentContext<ClaudeCodeConfig>): EnvironmentDiagnostic {
  const anthropic = ctx.credentials.anthropic;
  if (anthropic?.apiKey) {
    const where = anthropic.baseUrl ? ` (base URL ${anthropic.baseUrl})` : '';
    return { id: 'anthropic-key', status: 'ok', message: `An Anthropic API key is configured${where}.` };
  }
  return {
    id: 'anthropic-key',
    status: 'error',
    message: 'No Anthropic API key is configured.',
    fix: "Add an Anthropic API key in Settings → Model providers, or to the agent's secrets.",
  };
}

async function checkConfigDir(dataDir: string): Promise<EnvironmentDiagnostic> {
  const dir = claudeConfigDir(dataDir);
  const probe = join(dir, `.write-check-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return {
      id: 'config-dir-writable',
      status: 'ok',
      message: `Claude config directory ${dir} is writable.`,
    };
  } catch (error) {
    return {
      id: 'config-dir-writable',
      status: 'error',
      message: `Claude config directory ${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      fix: "Make the agent's data directory writable by the user the service runs as.",
    };
  }
}
