/**
 * Readers for the deployment files, shared by deploy/*.test.ts: the Dockerfile's stages, the
 * entrypoint's parts, the compose file as Compose reads it (YAML merge keys, `${VAR…}`
 * interpolation from `.env`), the workflows, and the services' source text.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const deployDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = join(deployDir, '..');

/**
 * Setting names Terraform and compose write that other parts of issue 17 implement (the GCS
 * files backend and its directory): named in the brief they were all built from.
 */
export const namesFromOtherParts = ['LIFEOSAI_FILES_BACKEND', 'LIFEOSAI_FILES_BUCKET', 'LIFEOSAI_FILES_DIR'];

export interface DockerStage {
  from: string;
  name?: string;
  text: string;
  env: Record<string, string>;
  user?: string;
  /** Sources of `COPY` without `--from` (paths in the build context). */
  copiedFromContext: string[];
}

export interface Dockerfile {
  text: string;
  args: Record<string, string>;
  stages: DockerStage[];
  entrypoint: string[];
  cmd: string[];
  workdir: string;
}

/** deploy/Dockerfile, instruction by instruction (continuation lines joined, comments dropped). */
export function dockerfile(): Dockerfile {
  const text = readFileSync(join(deployDir, 'Dockerfile'), 'utf8');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const result: Dockerfile = { text, args: {}, stages: [], entrypoint: [], cmd: [], workdir: '/' };
  for (const line of instructions) {
    const [keyword, ...rest] = line.split(/\s+/);
    const body = rest.join(' ');
    const stage = result.stages.at(-1);
    switch (keyword!.toUpperCase()) {
      case 'ARG': {
        const [name, value = ''] = body.split('=');
        if (!stage) result.args[name!] = value;
        break;
      }
      case 'FROM': {
        const [from, as, name] = body.split(/\s+/);
        result.stages.push({
          from: from!,
          ...(as?.toUpperCase() === 'AS' && { name }),
          text: '',
          env: { ...(result.stages.find((s) => s.name === from)?.env ?? {}) },
          copiedFromContext: [],
        });
        break;
      }
      case 'ENV':
        for (const match of body.matchAll(/(\w+)=("[^"]*"|\S+)/g))
          stage!.env[match[1]!] = match[2]!.replace(/^"|"$/g, '');
        break;
      case 'USER':
        stage!.user = body;
        break;
      case 'WORKDIR':
        result.workdir = body;
        break;
      case 'COPY':
        if (!rest.some((word) => word.startsWith('--from')))
          stage!.copiedFromContext.push(...rest.slice(0, -1));
        break;
      case 'ENTRYPOINT':
        result.entrypoint = JSON.parse(body);
        break;
      case 'CMD':
        result.cmd = JSON.parse(body);
        break;
    }
    if (stage) stage.text += `${line}\n`;
  }
  return result;
}

/** The parts deploy/entrypoint.sh starts (its `case` labels). */
export function imageParts(): string[] {
  const script = readFileSync(join(deployDir, 'entrypoint.sh'), 'utf8');
  return [...script.matchAll(/^\s+([a-z-]+)\)/gm)].map((match) => match[1]!);
}

export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: Array<{ path: string; required?: boolean }>;
  depends_on?: Record<string, { condition: string }>;
  security_opt?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
}

/** A `.env` file as Compose reads it: KEY=VALUE lines, comments, single or double quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/);
    if (!match) continue;
    const raw = match[2]!.trim();
    values[match[1]!] = /^'.*'$|^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return values;
}

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR:?error}` (an unset required one throws). */
export function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (_whole, name: string, kind?: string, rest?: string) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (kind === '?') throw new Error(`compose: ${name} is required: ${rest}`);
      return kind === '-' ? (rest ?? '') : '';
    },
  );
}

function interpolateAll(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, env)]));
  return value;
}

/** deploy/compose.yaml with its merge keys resolved and, given a `.env`, its variables filled in. */
export function composeFile(env?: Record<string, string>): { services: Record<string, ComposeService> } {
  const parsed = parseYaml(readFileSync(join(deployDir, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return env ? (interpolateAll(parsed, env) as typeof parsed) : parsed;
}

/** The environment Compose gives a service: its `environment`, then its env files that exist. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const fromFiles = Object.assign(
    {},
    ...(service.env_file ?? [])
      .map((file) => join(deployDir, file.path))
      .filter((path) => existsSync(path))
      .map((path) => parseEnvFile(readFileSync(path, 'utf8'))),
  );
  return { ...fromFiles, ...(service.environment ?? {}) };
}

// biome-ignore lint/suspicious/noExplicitAny: parsed HCL/YAML of any shape
export function workflow(name: string): { text: string; json: Record<string, any> } {
  const text = readFileSync(join(repoRoot, '.github/workflows', name), 'utf8');
  return { text, json: parseYaml(text) };
}

let source: string | undefined;
/** Every non-test TypeScript file of the apps, packages and scripts, concatenated. */
export function sourceText(): string {
  if (source !== undefined) return source;
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.next' || entry.name === 'testing') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
        parts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const top of ['apps', 'packages', 'scripts']) walk(join(repoRoot, top));
  source = parts.join('\n');
  return source;
}
