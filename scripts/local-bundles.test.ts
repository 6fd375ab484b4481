import { execFile } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBundles } from './local-bundle-record.ts';

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
import cjsBeside from 'cjs-beside';
import { text as esmText, own } from 'esm-beside';
import findsItself from 'finds-itself';
import shared from 'shared-state';
const flag = (name: string): boolean => (globalThis as Record<string, unknown>)[name] === true;
const before = { lazyPackage: flag('lazyPackage'), ownLazy: flag('ownLazy') };
await import('lazy-pkg');
await import('./lib/own-lazy.ts');
const packages = {
  cjs: cjsBeside,
  esm: { text: esmText, own },
  findsItself: findsItself.where,
  oneShared: findsItself.shared === shared,
  sharedLoads: (globalThis as Record<string, unknown>).sharedLoads,
};
console.log(JSON.stringify({ where: where(), beside: beside(), level, before, after: { lazyPackage: flag('lazyPackage'), ownLazy: flag('ownLazy') }, packages }));
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
    'scripts/migrate.ts': `import { level } from 'level-pkg';\nconsole.log(JSON.stringify({ prepare: level }));\n`,
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
    // Bundled packages that read a file beside themselves: CommonJS and an ES module.
    'node_modules/cjs-beside/package.json': '{"name":"cjs-beside","main":"index.js"}',
    'node_modules/cjs-beside/index.js': `const { readFileSync } = require('node:fs');
const { join } = require('path');
module.exports = { text: readFileSync(join(__dirname, 'data.txt'), 'utf8').trim(), file: __filename };
`,
    'node_modules/cjs-beside/data.txt': 'beside the CommonJS package\n',
    'node_modules/esm-beside/package.json': '{"name":"esm-beside","type":"module","exports":"./index.js"}',
    'node_modules/esm-beside/index.js': `import { readFileSync } from 'node:fs';
export const text = readFileSync(new URL('./data.txt', import.meta.url), 'utf8').trim();
export const own = (() => { const __dirname = 'its own'; return __dirname; })();
`,
    'node_modules/esm-beside/data.txt': 'beside the ES module package\n',
    // A package that finds a file from its own location (stays a file), and a package it
    // depends on that our code imports too: one copy of it, as a file.
    'node_modules/finds-itself/package.json':
      '{"name":"finds-itself","main":"index.js","dependencies":{"shared-state":"1"}}',
    'node_modules/finds-itself/index.js':
      "module.exports = { where: require.resolve('./index.js'), shared: require('shared-state') };\n",
    'node_modules/shared-state/package.json': '{"name":"shared-state","main":"index.js"}',
    'node_modules/shared-state/index.js':
      'globalThis.sharedLoads = (globalThis.sharedLoads ?? 0) + 1;\nmodule.exports = { made: Date.now() };\n',
    'node_modules/.package-lock.json': '{}',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Runs `prepareLocalBundles` as npm start's prepare step does (its own process, with the flag). */
async function prepare(
  env: Record<string, string> = {},
): Promise<{ bundles: LocalBundles; built: string | null }> {
  const script = `
import { prepareLocalBundles } from ${JSON.stringify(builder)};
let built = null;
const bundles = await prepareLocalBundles({ root: ${JSON.stringify(fixture)}, cacheDir: ${JSON.stringify(cacheDir)}, onBuild: (reason) => (built = reason) });
process.stdout.write(JSON.stringify({ bundles, built }));
`;
  const { stdout } = await run(
    process.execPath,
    ['--experimental-import-meta-resolve', '--input-type=module', '--eval', script],
    { cwd: fixture, timeout: 60_000, env: { ...process.env, NODE_COMPILE_CACHE: '', ...env } },
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
  it('bundle our code and packages to run as the sources do: files beside each module, packages as Node resolves them, lazy imports lazy', async () => {
    const { bundles, built } = await prepare();
    expect(built).toBe('no build yet');
    expect(bundles.services).toMatch(/\/services\/local-services\.mjs$/);
    expect(await runBundle(bundles.services)).toEqual({
      where: join(fixture, 'scripts', 'lib'),
      beside: 'found beside the source',
      level: 'the root',
      before: { lazyPackage: false, ownLazy: false },
      after: { lazyPackage: true, ownLazy: true },
      packages: {
        cjs: {
          text: 'beside the CommonJS package',
          file: join(fixture, 'node_modules', 'cjs-beside', 'index.js'),
        },
        esm: { text: 'beside the ES module package', own: 'its own' },
        findsItself: join(fixture, 'node_modules', 'finds-itself', 'index.js'),
        oneShared: true,
        sharedLoads: 1,
      },
    });
    expect(await runBundle(bundles.web)).toEqual({ level: 'the web workspace' });
    expect(await runBundle(bundles.prepare)).toEqual({ prepare: 'the root' });
    // What is in the bundle and what stays a file, as build.json records it.
    const record = JSON.parse(readFileSync(join(dirname(dirname(bundles.services)), 'build.json'), 'utf8'));
    const inFixture = (name: string) => join(fixture, 'node_modules', name);
    expect(record.bundled.services).toEqual(
      ['cjs-beside', 'esm-beside', 'lazy-pkg', 'level-pkg', 'own-lazy-pkg'].map(inFixture),
    );
    expect(record.files.services).toEqual(['finds-itself', 'shared-state'].map(inFixture));
    expect(record.bundled.web).toEqual([join(fixture, 'apps', 'web', 'node_modules', 'level-pkg')]);
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

    // Node's compile cache (npm start sets it): an entry from before the builds kept goes with
    // them, a newer one stays.
    const compileCache = join(fixture, 'compile-cache');
    mkdirSync(join(compileCache, 'v24-x64'), { recursive: true });
    for (const [name, time] of [
      ['of-a-removed-build', new Date('2000-01-01')],
      ['in-use', new Date(Date.now() + 3_600_000)],
    ] as const) {
      writeFileSync(join(compileCache, 'v24-x64', name), 'code cache');
      utimesSync(join(compileCache, 'v24-x64', name), time, time);
    }
    for (let change = 0; change < 6; change++) {
      appendFileSync(join(fixture, 'scripts', 'lib', 'helper.ts'), `// change ${change}\n`);
      await prepare({ NODE_COMPILE_CACHE: compileCache });
    }
    const builds = readdirSync(cacheDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(builds.length).toBe(5);
    expect(readdirSync(join(compileCache, 'v24-x64'))).toEqual(['in-use']);
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
