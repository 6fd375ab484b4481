/**
 * Starts every part of the image exactly as the image starts it — the Dockerfile's ENTRYPOINT
 * (`/bin/sh /app/deploy/entrypoint.sh`, /app being this checkout) with compose's `command`, in
 * the environment compose gives that service (the image's ENV, then the service's `environment`
 * interpolated from a `.env` written by deploy/generate-secrets.ts) — against a test Postgres:
 * the migration first (exit 0), then auth, user-management, the Agent API, a worker and the web
 * app until each answers /healthz, then SIGTERM and a clean exit.
 *
 * What differs from a container, and only this: compose's network is mapped onto loopback. Each
 * service binds 127.0.0.1 on a free port (its LIFEOSAI_*_PORT; in its container it has the
 * default port to itself), the service names in URLs (`http://auth:3002`) become those
 * addresses, DATABASE_URL points at the test database, LIFEOSAI_HOME and the files volume are
 * temporary directories, and tini (PID 1 in the image) is left out.
 *
 * `LIFEOSAI_DEPLOY_APP_ROOT` points /app elsewhere: a copy laid out as the image's runtime stage
 * (`npm ci --omit=dev`, the sources, the web build), to check the production dependencies suffice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '@lifeosai/testkit/ports';
import { createTestDatabase } from '@lifeosai/testkit/postgres';
import { buildWebIfNeeded } from '@lifeosai/web/testing/browser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { envFileText, generateSecrets } from './generate-secrets.ts';
import {
  type ComposeService,
  composeFile,
  dockerfile,
  parseEnvFile,
  repoRoot,
  serviceEnvironment,
} from './testing/deployment-files.ts';

/** The port variable each part listens on (packages/config). */
const portVariable: Record<string, string> = {
  auth: 'LIFEOSAI_AUTH_PORT',
  'user-management': 'LIFEOSAI_USER_MANAGEMENT_PORT',
  'agent-api': 'LIFEOSAI_AGENT_API_PORT',
  worker: 'LIFEOSAI_AGENT_API_PORT',
  web: 'LIFEOSAI_WEB_PORT',
};

interface Started {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** What the image's WORKDIR (/app) is here. */
const appRoot = process.env.LIFEOSAI_DEPLOY_APP_ROOT ?? repoRoot;
const temporary: string[] = [];
const started: Started[] = [];
let database: { url: string; drop(): Promise<void> };
let services: Record<string, ComposeService>;
const ports: Record<string, number> = {};

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lifeosai-deploy-${name}-`));
  temporary.push(dir);
  return dir;
}

/** The command line the image runs for a compose service: ENTRYPOINT after tini, then `command`. */
function commandLine(service: ComposeService): string[] {
  const { entrypoint, workdir } = dockerfile();
  expect(entrypoint.slice(0, 2)).toEqual(['/usr/bin/tini', '--']);
  return [...entrypoint.slice(2), ...service.command!].map((word) =>
    word.startsWith(`${workdir}/`) ? join(appRoot, word.slice(workdir.length + 1)) : word,
  );
}

/** The container's environment, with compose's network mapped onto loopback. */
function environment(name: string, service: ComposeService): Record<string, string> {
  const image = dockerfile().stages.at(-1)!.env;
  const env: Record<string, string> = {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: tempDir(`${name}-home`),
    ...image,
    ...serviceEnvironment(service),
  };
  for (const [key, value] of Object.entries(env)) {
    if (key === 'DATABASE_URL' && new URL(value).hostname === 'postgres') env[key] = database.url;
    else if (/^https?:\/\//.test(value)) {
      const url = new URL(value);
      if (url.hostname in ports) env[key] = value.replace(url.host, `127.0.0.1:${ports[url.hostname]}`);
    }
  }
  if (env.LIFEOSAI_USER_MANAGEMENT_HOST) {
    expect(env.LIFEOSAI_USER_MANAGEMENT_HOST).toBe('user-management');
    env.LIFEOSAI_USER_MANAGEMENT_HOST = '127.0.0.1';
    env.LIFEOSAI_USER_MANAGEMENT_PORT = String(ports['user-management']);
  }
  expect(image.LIFEOSAI_HOST).toBe('0.0.0.0');
  env.LIFEOSAI_HOST = '127.0.0.1';
  env.LIFEOSAI_HOME = tempDir(`${name}-data`);
  if (env.LIFEOSAI_FILES_DIR) env.LIFEOSAI_FILES_DIR = tempDir(`${name}-files`);
  if (portVariable[name]) env[portVariable[name]] = String(ports[name]);
  return env;
}

function start(name: string): Started {
  const service = services[name]!;
  const [command, ...args] = commandLine(service);
  const child = spawn(command!, args, {
    cwd: appRoot,
    env: environment(name, service),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const entry = { name, child, output: () => log, exited };
  started.push(entry);
  return entry;
}

async function healthy(part: Started, port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (part.child.exitCode !== null) throw new Error(`${part.name} exited at start:\n${part.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${part.name} did not answer /healthz:\n${part.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(part: Started): Promise<number | null> {
  if (part.child.exitCode === null && part.child.signalCode === null) {
    try {
      process.kill(-part.child.pid!, 'SIGTERM');
    } catch {}
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-part.child.pid!, 'SIGKILL');
    } catch {}
  }, 15_000);
  const code = await part.exited;
  clearTimeout(timer);
  return code;
}

beforeAll(async () => {
  // The image's runtime stage holds the production build, as `npm run build -w @lifeosai/web` makes it.
  const [db] = await Promise.all([createTestDatabase(inject('postgresAdminUrl')), buildWebIfNeeded()]);
  database = db;
  // The .env a self-hoster makes (deploy/README.md), read the way compose reads it.
  services = composeFile(parseEnvFile(envFileText(generateSecrets()))).services;
  for (const name of Object.keys(portVariable)) ports[name] = await freePort();
}, 600_000);

afterAll(async () => {
  await Promise.all(started.map(stop));
  await database?.drop();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('the image started as compose starts it', () => {
  it('migrates, then every service and a worker answer /healthz and stop cleanly on SIGTERM', async () => {
    const migrate = start('migrate');
    const migrated = await migrate.exited;
    expect(migrated, migrate.output()).toBe(0);

    const parts = ['auth', 'user-management', 'agent-api', 'worker', 'web'];
    for (const name of parts) {
      // The container's health check asks the service's default port (its own in the container).
      const check = services[name]!.healthcheck!.test;
      expect(services[name]!.command).toEqual([name]);
      expect(check.at(-1), `${name} health check port`).toBe(
        { auth: '3002', 'user-management': '3001', 'agent-api': '4000', worker: '4000', web: '3000' }[name],
      );
    }
    const running = parts.map((name) => start(name));
    await Promise.all(running.map((part) => healthy(part, ports[part.name]!)));

    // Through the web app to the gateway (compose's `user-management` host), as a browser would.
    const methods = await fetch(`http://127.0.0.1:${ports.web}/api/auth/methods`);
    expect(methods.status).toBe(200);

    const codes = await Promise.all(running.map(stop));
    expect(codes, running.map((part) => `${part.name}: ${part.output().slice(-2000)}`).join('\n')).toEqual(
      parts.map(() => 0),
    );
  }, 180_000);

  it('refuses a part it does not know', async () => {
    const child = spawn('/bin/sh', [join(repoRoot, 'deploy/entrypoint.sh'), 'everything'], { stdio: 'pipe' });
    let error = '';
    child.stderr.on('data', (chunk: Buffer) => {
      error += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(64);
    expect(error).toMatch(/usage: entrypoint.sh <auth\|user-management\|agent-api\|worker\|web\|migrate>/);
  });
});
