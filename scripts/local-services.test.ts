import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

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

// Records every package and TypeScript file a process loads; prints them when it exits.
const recordLoads = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const packages = new Set();
let typescript = 0;
registerHooks({
  load(url, context, next) {
    const match = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url);
    if (match) packages.add(match[1]);
    if (/\\.[mc]?ts$/.test(url)) typescript += 1;
    return next(url, context);
  },
});
process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify({ packages: [...packages], typescript }) + '\\n'));
`)}`;

/** What a process that ran with `--import recordLoads` loaded, from its stderr. */
function loadedBy(stderr: string): { packages: string[]; typescript: number } {
  return JSON.parse(/^LOADED (.*)$/m.exec(stderr)?.[1] ?? 'null');
}

it('local mode loads no SDK an idle platform never calls: each waits for its first use', async () => {
  // What `scripts/local-services.ts` loads before it starts anything: the three services' modules.
  const loadServices = [
    "await import('@lifeosai/auth/service');",
    "await import('@lifeosai/agent-api/service');",
    "await import('@lifeosai/user-management/service');",
  ].join('');
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', recordLoads, '--input-type=module', '--eval', loadServices],
    { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  const { packages } = loadedBy(stderr);
  // The hook saw the services' own dependencies load (it works), and none of these.
  expect(packages).toContain('fastify');
  expect(packages.filter((name) => loadedOnUse.includes(name))).toEqual([]);
}, 90_000);

it('the bundled services process (what npm start runs) loads no TypeScript and none of those SDKs either', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lifeosai-bundle-loads-'));
  // Beside the real builds, under the repository's node_modules, as npm start keeps them: a
  // bundle's import.meta.resolve resolves from its folder.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const cacheDir = mkdtempSync(join(root, 'node_modules', '.cache', 'lifeosai-local-test-'));
  try {
    const build = `
import { prepareLocalBundles } from ${JSON.stringify(join(root, 'scripts', 'local-bundles.ts'))};
const bundles = await prepareLocalBundles({ root: ${JSON.stringify(root)}, cacheDir: ${JSON.stringify(cacheDir)} });
process.stdout.write(bundles.services);
`;
    const { stdout: services } = await promisify(execFile)(
      process.execPath,
      ['--experimental-import-meta-resolve', '--input-type=module', '--eval', build],
      { cwd: root, timeout: 120_000 },
    );
    // Every service is loaded before any starts; each then stops at its configuration (a port
    // that is no port), so nothing listens and nothing is written outside this folder.
    const env = {
      LIFEOSAI_HOME: join(work, 'home'),
      LIFEOSAI_MODE: 'local',
      LIFEOSAI_AUTH_PORT: 'not-a-port',
    };
    const child = spawn(process.execPath, ['--import', recordLoads, services], {
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
    expect(loaded.packages).toContain('fastify');
    expect(loaded.packages.filter((name) => loadedOnUse.includes(name))).toEqual([]);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}, 180_000);
