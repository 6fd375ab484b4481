import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBundles } from './local-bundles.ts';

const run = promisify(execFile);
const builder = join(import.meta.dirname, 'local-bundles.ts');
let fixture: string;
let cacheDir: string;

/** A repository in miniature: the two entries, our own modules, and packages at two levels. */
function writeFixture(root: string): void {
  const files: Record<string, string> = {
    'package.json': '{"name":"fixture","private":true,"type":"module"}',
    'package-lock.json': '{}',
    'packages/.keep': '',
    'scripts/local-services.ts': `
import { where, beside } from './lib/helper.ts';
import { level } from 'level-pkg';
const flag = (name: string): boolean => (globalThis as Record<string, unknown>)[name] === true;
const before = { lazyPackage: flag('lazyPackage'), ownLazy: flag('ownLazy') };
await import('lazy-pkg');
await import('./lib/own-lazy.ts');
console.log(JSON.stringify({ where: where(), beside: beside(), level, before, after: { lazyPackage: flag('lazyPackage'), ownLazy: flag('ownLazy') } }));
`,
    'scripts/lib/helper.ts': `
import { readFileSync } from 'node:fs';
export const where = (): string => import.meta.dirname;
export const beside = (): string => readFileSync(new URL('./beside.txt', import.meta.url), 'utf8').trim();
`,
    'scripts/lib/beside.txt': 'found beside the source\n',
    // Our own module loaded on use, importing a package: the package must wait for it too.
    'scripts/lib/own-lazy.ts': `import 'own-lazy-pkg';\nexport const loaded = true;\n`,
    'apps/web/package.json': '{"name":"@fixture/web","private":true,"type":"module"}',
    'apps/web/src/main.ts': `import { level } from 'level-pkg';\nconsole.log(JSON.stringify({ level }));\n`,
    // The workspace's own copy wins over the root's, as Node resolves it from the importer.
    'apps/web/node_modules/level-pkg/package.json':
      '{"name":"level-pkg","type":"module","exports":"./web.js"}',
    'apps/web/node_modules/level-pkg/web.js': `export const level = 'the web workspace';\n`,
    'node_modules/level-pkg/package.json': '{"name":"level-pkg","type":"module","exports":"./root.js"}',
    'node_modules/level-pkg/root.js': `export const level = 'the root';\n`,
    'node_modules/lazy-pkg/package.json': '{"name":"lazy-pkg","type":"module","exports":"./index.js"}',
    'node_modules/lazy-pkg/index.js': 'globalThis.lazyPackage = true;\n',
    'node_modules/own-lazy-pkg/package.json':
      '{"name":"own-lazy-pkg","type":"module","exports":"./index.js"}',
    'node_modules/own-lazy-pkg/index.js': 'globalThis.ownLazy = true;\n',
    'node_modules/.package-lock.json': '{}',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Runs `prepareLocalBundles` as npm start's prepare step does (its own process, with the flag). */
async function prepare(): Promise<{ bundles: LocalBundles; built: string | null }> {
  const script = `
import { prepareLocalBundles } from ${JSON.stringify(builder)};
let built = null;
const bundles = await prepareLocalBundles({ root: ${JSON.stringify(fixture)}, cacheDir: ${JSON.stringify(cacheDir)}, onBuild: (reason) => (built = reason) });
process.stdout.write(JSON.stringify({ bundles, built }));
`;
  const { stdout } = await run(
    process.execPath,
    ['--experimental-import-meta-resolve', '--input-type=module', '--eval', script],
    { cwd: fixture, timeout: 60_000 },
  );
  return JSON.parse(stdout);
}

async function runBundle(path: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [path], { cwd: fixture, timeout: 30_000 });
  return JSON.parse(stdout);
}

beforeAll(() => {
  fixture = mkdtempSync(join(tmpdir(), 'lifeosai-bundles-'));
  cacheDir = join(fixture, 'cache');
  writeFixture(fixture);
});

afterAll(() => rmSync(fixture, { recursive: true, force: true }));

describe('local mode bundles', () => {
  it('bundle our code to run as the sources do: files beside each module, packages as Node resolves them, lazy imports lazy', async () => {
    const { bundles, built } = await prepare();
    expect(built).toBe('no build yet');
    expect(bundles.services).toMatch(/\/services\/local-services\.mjs$/);
    expect(await runBundle(bundles.services)).toEqual({
      where: join(fixture, 'scripts', 'lib'),
      beside: 'found beside the source',
      level: 'the root',
      before: { lazyPackage: false, ownLazy: false },
      after: { lazyPackage: true, ownLazy: true },
    });
    expect(await runBundle(bundles.web)).toEqual({ level: 'the web workspace' });
  }, 90_000);

  it('reuse the build while nothing changed and rebuild when a source changes', async () => {
    const first = await prepare();
    const again = await prepare();
    expect(again).toEqual({ bundles: first.bundles, built: null });

    appendFileSync(join(fixture, 'scripts', 'lib', 'helper.ts'), "export const changed = 'yes';\n");
    const rebuilt = await prepare();
    expect(rebuilt.built).toBe(`${join(fixture, 'scripts', 'lib', 'helper.ts')} changed`);
    expect(rebuilt.bundles.services).not.toBe(first.bundles.services);

    // A lockfile an install rewrote (packages moved) is a change too.
    appendFileSync(join(fixture, 'node_modules', '.package-lock.json'), '\n');
    expect((await prepare()).built).toContain('.package-lock.json changed');
  }, 90_000);

  it('rebuild a build that was removed, and keep only the newest builds', async () => {
    const { bundles } = await prepare();
    rmSync(dirname(dirname(bundles.services)), { recursive: true });
    expect((await prepare()).built).toBe('no build yet');

    for (let change = 0; change < 6; change++) {
      appendFileSync(join(fixture, 'scripts', 'lib', 'helper.ts'), `// change ${change}\n`);
      await prepare();
    }
    const builds = readdirSync(cacheDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(builds.length).toBe(5);
  }, 120_000);

  it('refuse a source whose import.meta.resolve would find another package from the bundle', async () => {
    // From apps/web/src the web workspace's own copy; from the bundle's folder, the root's.
    appendFileSync(
      join(fixture, 'apps', 'web', 'src', 'main.ts'),
      "export const found = import.meta.resolve('level-pkg');\n",
    );
    const refused = await prepare().catch((error: { stderr?: string }) => error.stderr ?? String(error));
    expect(refused).toContain("import.meta.resolve('level-pkg') would resolve differently from the bundle");
  }, 60_000);
});
