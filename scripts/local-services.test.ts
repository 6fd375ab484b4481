import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRecord, LocalBundles } from './local-bundle-record.ts';

const root = join(import.meta.dirname, '..');
const run = promisify(execFile);

/**
 * SDKs an idle local platform never calls, each loaded by the code that needs it (ADR 0026):
 * Cloud Storage (the `gcs` files backend), the Postgres driver (cloud mode), the ACP and MCP
 * SDKs (a run), web-push (a notification), tar (a plugin install), the Claude Agent SDK (a
 * Claude Code run), Gemini (a call), Stripe (billing), nodemailer (SMTP), Baileys (WhatsApp).
 */
const loadedOnUse = [
  '@google-cloud/storage',
  'pg',
  '@agentclientprotocol/sdk',
  '@modelcontextprotocol/sdk',
  'web-push',
  'tar',
  '@anthropic-ai/claude-agent-sdk',
  '@google/genai',
  'stripe',
  'nodemailer',
  'baileys',
];

// Records every package (its folder) and TypeScript file a process loads, and each chunk of a
// bundle; prints them when it exits.
const recordLoads = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const packages = new Set();
const chunks = new Set();
let typescript = 0;
registerHooks({
  load(url, context, next) {
    const match = /^file:\\/\\/(.*\\/node_modules\\/((?:@[^/]+\\/)?[^/]+))\\//.exec(url);
    if (match && !match[2].startsWith('.')) packages.add(match[1]);
    if (url.includes('/node_modules/.cache/lifeosai-local/')) chunks.add(url);
    if (/\\.[mc]?ts$/.test(url)) typescript += 1;
    return next(url, context);
  },
});
process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify({ packages: [...packages], chunks: [...chunks], typescript }) + '\\n'));
`)}`;

interface Loaded {
  /** Package folders loaded as files. */
  packages: string[];
  /** Bundle chunks loaded (file URLs). */
  chunks: string[];
  typescript: number;
}

/** What a process that ran with `--import recordLoads` loaded, from its stderr. */
function loadedBy(stderr: string): Loaded {
  return JSON.parse(/^LOADED (.*)$/m.exec(stderr)?.[1] ?? 'null');
}

const packageName = (folder: string) => folder.replace(/^.*\/node_modules\//, '');

it('local mode loads no SDK an idle platform never calls: each waits for its first use', async () => {
  // What `scripts/local-services.ts` loads before it starts anything: the three services' modules.
  const loadServices = [
    "await import('@lifeosai/auth/service');",
    "await import('@lifeosai/agent-api/service');",
    "await import('@lifeosai/user-management/service');",
  ].join('');
  const { stderr } = await run(
    process.execPath,
    ['--import', recordLoads, '--input-type=module', '--eval', loadServices],
    { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  const packages = loadedBy(stderr).packages.map(packageName);
  // The hook saw the services' own dependencies load (it works), and none of these.
  expect(packages).toContain('fastify');
  expect(packages.filter((name) => loadedOnUse.includes(name))).toEqual([]);
}, 90_000);

describe('the bundles npm start runs (scripts/local-bundles.ts)', () => {
  let bundles: LocalBundles;
  let record: BuildRecord;
  const work = mkdtempSync(join(tmpdir(), 'lifeosai-bundle-loads-'));

  beforeAll(async () => {
    // Built where npm start keeps them (the prepare step's bundle finds its own build there).
    const build = `
import { prepareLocalBundles } from ${JSON.stringify(join(root, 'scripts', 'local-bundles.ts'))};
process.stdout.write(JSON.stringify(await prepareLocalBundles({ root: ${JSON.stringify(root)} })));
`;
    const { stdout } = await run(
      process.execPath,
      ['--experimental-import-meta-resolve', '--input-type=module', '--eval', build],
      { cwd: root, timeout: 150_000 },
    );
    bundles = JSON.parse(stdout);
    record = JSON.parse(readFileSync(join(dirname(dirname(bundles.services)), 'build.json'), 'utf8'));
  }, 180_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the services process loads no TypeScript, none of those SDKs, and no bundled package as a file too', async () => {
    // Every service is loaded before any starts; each then stops at its configuration (a port
    // that is no port), so nothing listens and nothing is written outside this folder.
    const env = {
      LIFEOSAI_HOME: join(work, 'home'),
      LIFEOSAI_MODE: 'local',
      LIFEOSAI_AUTH_PORT: 'not-a-port',
    };
    const child = spawn(process.execPath, ['--import', recordLoads, bundles.services], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    child.stdin.end(
      JSON.stringify({
        services: ['auth', 'agent-api', 'user-management'].map((name) => ({ name, env })),
      }),
    );
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toContain('auth cannot start');
    expect(code).toBe(1);
    const loaded = loadedBy(stderr);
    expect(loaded.typescript).toBe(0);
    // The packages Fastify and better-auth are made of are in the bundle; pino stays a file.
    for (const name of ['fastify', 'better-auth', 'zod', 'kysely'])
      expect(record.bundled.services.map(packageName), name).toContain(name);
    expect(loaded.packages.map(packageName)).toContain('pino');
    // One copy of each package in the process: none bundled is also loaded from its files.
    expect(loaded.packages.filter((folder) => record.bundled.services.includes(folder))).toEqual([]);
    // An SDK loaded on use is neither a file loaded nor in a chunk loaded at start (esbuild
    // marks each module it bundles with a "// node_modules/<package>/…" line).
    expect(loaded.packages.map(packageName).filter((name) => loadedOnUse.includes(name))).toEqual([]);
    const inChunks = loaded.chunks.flatMap((url) => {
      const text = readFileSync(fileURLToPath(url), 'utf8');
      return loadedOnUse.filter((name) => text.includes(`\n// node_modules/${name}/`));
    });
    expect(inChunks).toEqual([]);
    expect(loaded.chunks.length).toBeGreaterThan(1);
  }, 90_000);

  it('the prepare step runs from its bundle: plan, migration, the current bundles, no TypeScript', async () => {
    const child = spawn(
      process.execPath,
      ['--import', recordLoads, '--experimental-import-meta-resolve', bundles.prepare],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', LIFEOSAI_HOME: join(work, 'prepare'), LIFEOSAI_MODE: 'local' },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    const messages: unknown[] = [];
    child.on('message', (message) => messages.push(message));
    let stderr = '';
    let stdout = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('database ready');
    expect(messages[0]).toMatchObject({ home: join(work, 'prepare'), mode: 'local' });
    // The build it runs from is current: it builds nothing and names a whole build (this one,
    // or one another start made at the same time: the last to finish is current).
    expect(stdout).not.toContain('building');
    const named = (messages[1] as { bundles: LocalBundles }).bundles;
    expect(Object.keys(named).sort()).toEqual(Object.keys(bundles).sort());
    for (const file of Object.values(named)) expect(existsSync(file), file).toBe(true);
    expect(loadedBy(stderr).typescript).toBe(0);
  }, 60_000);

  it('every chunk of every bundle loads (a package the bundle broke fails here, not on first use)', async () => {
    const chunks = Object.values(bundles).flatMap((entry) =>
      readdirSync(dirname(entry))
        .filter((file) => file.startsWith('chunk-'))
        .map((file) => pathToFileURL(join(dirname(entry), file)).href),
    );
    const script = `for (const chunk of ${JSON.stringify(chunks)}) await import(chunk);\nprocess.exit(0);`;
    const { stderr } = await run(process.execPath, ['--input-type=module', '--eval', script], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    });
    expect(stderr).toBe('');
    expect(chunks.length).toBeGreaterThan(10);
  }, 90_000);
});
