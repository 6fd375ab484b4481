import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EnvironmentDiagnostic, ModelInfo } from '@lifeosai/harness-spec';
import type { PresetLaunch } from './preset.ts';

/*
 * What the Gemini CLI, Pi ACP and OpenCode presets share: finding an installed package
 * (whatever its `exports` allow), writing the agent's settings under its state directory,
 * and the diagnostics for a missing package or an untested version.
 */

/** An installed npm package: its folder and its version. */
export interface InstalledPackage {
  /** Absolute folder of the package. */
  readonly dir: string;
  /** `version` from its package.json. */
  readonly version: string;
}

/**
 * The package as Node would find it from this file, or undefined when it is not installed.
 * Looks for the folder, not an entry point: some agents' `exports` hide their package.json.
 */
export function findPackage(name: string): InstalledPackage | undefined {
  const folders = createRequire(import.meta.url).resolve.paths(name) ?? [];
  for (const folder of folders) {
    const manifest = join(folder, name, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
      if (typeof version === 'string') return { dir: dirname(manifest), version };
    } catch {
      // An unreadable manifest is a broken install: keep looking, then report it missing.
    }
  }
  return undefined;
}

/** The agent's settings files, by path relative to its state directory. */
export type StateFiles = Readonly<Record<string, string>>;

/**
 * Writes `files` under `stateDir` (folders created; `mode` 0600 by default: they may name the
 * proxy's URL) and creates `folders`. Returns undefined, or why it could not (for `failedLaunch`).
 */
export function writeStateFiles(
  stateDir: string,
  files: StateFiles,
  folders: string[] = [],
  mode = 0o600,
): string | undefined {
  try {
    for (const folder of folders) mkdirSync(join(stateDir, folder), { recursive: true, mode: 0o700 });
    for (const [path, content] of Object.entries(files)) {
      const target = join(stateDir, path);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, content, { mode });
      // `mode` only applies to a new file: a file from an earlier run keeps its own otherwise.
      chmodSync(target, mode);
    }
    return undefined;
  } catch (cause) {
    return `cannot write the agent's settings in ${stateDir}: ${(cause as Error).message}`;
  }
}

/**
 * A launch that fails at once with `reason` on stderr: `prepare` must not throw, and a run
 * whose agent would start without its settings (telemetry on, the wrong endpoint) must not start.
 */
export function failedLaunch(label: string, reason: string): PresetLaunch {
  const message = `${label} cannot start: ${reason}\n`;
  return {
    command: process.execPath,
    args: ['-e', `process.stderr.write(${JSON.stringify(message)}); process.exit(1);`],
    env: {},
  };
}

/** The `package` diagnostic: missing (error), untested version (warn) or fine. */
export function packageDiagnostic(
  name: string,
  found: InstalledPackage | undefined,
  testedPrefix: string,
): EnvironmentDiagnostic {
  if (found === undefined) {
    return {
      id: 'package',
      status: 'error',
      message: `${name} is not installed`,
      fix: 'Run npm install in the platform directory.',
    };
  }
  if (found.version.startsWith(testedPrefix)) {
    return { id: 'package', status: 'ok', message: `${name} ${found.version}` };
  }
  return {
    id: 'package',
    status: 'warn',
    message: `${name} ${found.version} (tested with ${testedPrefix}x)`,
    fix: `Install ${name}@${testedPrefix}x.`,
  };
}

/** Whether this Node is at least `major.minor` (agents' own engine requirements). */
export function nodeAtLeast(major: number, minor: number): boolean {
  const [currentMajor = 0, currentMinor = 0] = process.versions.node.split('.').map(Number);
  return currentMajor > major || (currentMajor === major && currentMinor >= minor);
}

/**
 * The models of the presets that speak Anthropic and OpenAI-compatible (Pi ACP, OpenCode):
 * ids the platform's price table knows, the first of each provider its default.
 */
export const anthropicAndOpenAiModels: ReadonlyArray<ModelInfo> = [
  { id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', provider: 'anthropic', isDefault: true },
  { id: 'claude-sonnet-4-6', displayName: 'Claude Sonnet 4.6', provider: 'anthropic' },
  { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', provider: 'anthropic' },
  { id: 'gpt-5-mini', displayName: 'GPT-5 mini', provider: 'openai', isDefault: true },
  { id: 'gpt-5', displayName: 'GPT-5', provider: 'openai' },
];

/** The `isDefault` model of `provider` in `models` (every preset names one per provider). */
export function defaultModelOf(models: ReadonlyArray<ModelInfo>, provider: string): string {
  const found = models.find((model) => model.provider === provider && model.isDefault);
  if (found === undefined) throw new Error(`no default model for ${provider}`);
  return found.id;
}
