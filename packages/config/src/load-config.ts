import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { PlatformError } from '@lifeosai/errors';
import { configSchema, environmentKeys, type LifeosConfig } from './schema.ts';

export interface LoadConfigOptions {
  /** Environment to read; defaults to `process.env`. Injected so tests need no global state. */
  env?: Record<string, string | undefined>;
  /** Home directory used for the default `LIFEOSAI_HOME` (`~/.lifeosai`). */
  userHome?: string;
}

type Json = Record<string, unknown>;

/**
 * Reads defaults → `$LIFEOSAI_HOME/config.json` → environment, validates once, and
 * throws `CONFIG_INVALID` naming the offending key, where it came from and what is
 * expected. Services call this at start-up and refuse to start on error.
 */
export function loadConfig(options: LoadConfigOptions = {}): LifeosConfig {
  const env = options.env ?? process.env;
  const home = resolve(env.LIFEOSAI_HOME || join(options.userHome ?? homedir(), '.lifeosai'));
  const configFile = join(home, 'config.json');
  const fromFile = readConfigFile(configFile);
  const merged: Json = { ...fromFile, home };
  const origins = new Map<string, string>();
  for (const key of Object.keys(fromFile)) origins.set(key, `${configFile} → "${key}"`);

  for (const [variable, path] of Object.entries(environmentKeys)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    setPath(merged, path, value);
    origins.set(path.join('.'), `environment variable ${variable}`);
  }

  const parsed = configSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.join('.');
    const origin = origins.get(key) ?? origins.get(String(issue.path[0])) ?? 'default';
    return `${key} (from ${origin}): ${issue.message}`;
  });
  throw new PlatformError(
    'CONFIG_INVALID',
    `Invalid LIFEOSAI configuration:\n  - ${problems.join('\n  - ')}`,
  );
}

function readConfigFile(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new PlatformError('CONFIG_INVALID', `Cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlatformError(
      'CONFIG_INVALID',
      `${path} is not valid JSON (${(error as Error).message}); fix or remove the file.`,
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PlatformError('CONFIG_INVALID', `${path} must contain a JSON object.`);
  }
  const { home: _ignored, ...rest } = value as Json;
  return rest;
}

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let cursor = target;
  for (const segment of path.slice(0, -1)) {
    const next = cursor[segment];
    cursor[segment] = typeof next === 'object' && next !== null ? { ...(next as Json) } : {};
    cursor = cursor[segment] as Json;
  }
  cursor[path[path.length - 1]!] = value;
}
