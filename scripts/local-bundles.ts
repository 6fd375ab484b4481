/**
 * Local mode's bundles (ADR 0026): `npm start` runs the services' process
 * (`scripts/local-services.ts`) and web's server (`apps/web/src/main.ts`) from JavaScript that
 * esbuild made of our TypeScript, not from the TypeScript itself. A process that loads no
 * `.ts` file never loads Node's type stripper (~18 MB resident in each) and reads one module
 * per chunk instead of ~600 files.
 *
 * Only our own code is bundled. Every other package stays a file of `node_modules`, imported
 * by the absolute path Node itself resolves from the importing file (so a workspace's own
 * `node_modules`, e.g. auth's better-auth, is kept), and its lazy imports stay lazy (the
 * bundles are split at every dynamic `import()`). Each module keeps its own `import.meta.url`,
 * `dirname` and `filename`: the files it finds beside itself, and the scripts it starts in a
 * sandbox, are the sources' own.
 *
 * Built into `node_modules/.cache/lifeosai-local/<id>/` on the first start and again whenever an
 * input changed (each bundled source, every package.json of the workspace, the lockfiles (an
 * install, esbuild's included), this file, the Node version: by size and modification time); a
 * build is ~1 s. `current.json` names the build in use and is replaced atomically, so two
 * starts at once each use a whole build. The newest few builds are kept: a platform still
 * running an older one loads its lazy chunks from it. `LIFEOSAI_LOCAL_BUNDLE=off` runs the
 * TypeScript directly (stack traces then name the sources' lines).
 *
 * Needs `--experimental-import-meta-resolve` (Node resolves each import from its importer).
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The entry points, by name: what the supervisor starts from a bundle. */
export const bundleEntries = {
  services: 'scripts/local-services.ts',
  web: 'apps/web/src/main.ts',
} as const;

export type BundleName = keyof typeof bundleEntries;
/** Each entry's bundled file (absolute). */
export type LocalBundles = Record<BundleName, string>;

/** An input of a build, as it was when built. */
interface InputStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

interface BuildRecord {
  readonly id: string;
  readonly node: string;
  readonly inputs: readonly InputStamp[];
}

/** Builds kept besides the current one: a running platform may still load lazy chunks of one. */
const keptBuilds = 4;

export interface PrepareBundlesOptions {
  /** The repository root. */
  readonly root: string;
  /** Where builds live (default `node_modules/.cache/lifeosai-local` under the root). */
  readonly cacheDir?: string;
  /** Told before a build starts (it takes ~1 s), for the start-up's progress. */
  readonly onBuild?: (reason: string) => void;
}

/**
 * The bundles of this checkout: the current build when every input is as it was, or a new
 * one. Throws when esbuild fails (the caller then starts the TypeScript instead).
 */
export async function prepareLocalBundles(options: PrepareBundlesOptions): Promise<LocalBundles> {
  const cacheDir = options.cacheDir ?? join(options.root, 'node_modules', '.cache', 'lifeosai-local');
  const current = await readCurrent(cacheDir);
  const stale = current ? await staleInput(current) : 'no build yet';
  if (current && stale === undefined) return bundlesIn(join(cacheDir, current.id));
  options.onBuild?.(stale ?? 'no build yet');
  const id = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const outdir = join(cacheDir, id);
  const inputs = await build(await import('esbuild'), options.root, outdir);
  const record: BuildRecord = { id, node: process.version, inputs };
  await writeFile(join(outdir, 'build.json'), JSON.stringify(record));
  const temporary = join(cacheDir, `current.${id}.json`);
  await writeFile(temporary, JSON.stringify(record));
  await rename(temporary, join(cacheDir, 'current.json'));
  await removeOldBuilds(cacheDir, id);
  return bundlesIn(outdir);
}

/** Each entry's output: `<build>/<name>/<entry's file name>.mjs`, as esbuild writes it. */
function bundlesIn(outdir: string): LocalBundles {
  const output = (name: BundleName) => join(outdir, name, `${basename(bundleEntries[name], '.ts')}.mjs`);
  return { services: output('services'), web: output('web') };
}

async function readCurrent(cacheDir: string): Promise<BuildRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(join(cacheDir, 'current.json'), 'utf8')) as BuildRecord;
    await stat(join(cacheDir, record.id, 'build.json'));
    return record;
  } catch {
    return undefined;
  }
}

/** The first input that changed since the build, or undefined when none did. */
async function staleInput(record: BuildRecord): Promise<string | undefined> {
  if (record.node !== process.version) return `Node changed (${record.node} → ${process.version})`;
  const changed = await Promise.all(
    record.inputs.map(async (input) => {
      // A file that did not exist (size -1) is unchanged while it still does not.
      const now = await stat(input.path).catch(() => undefined);
      return (now?.size ?? -1) === input.size && (now?.mtimeMs ?? -1) === input.mtimeMs
        ? undefined
        : input.path;
    }),
  );
  const first = changed.find((path) => path !== undefined);
  return first && `${first} changed`;
}

type Esbuild = typeof import('esbuild');

/** Builds both entries into `outdir`; returns every input to watch. */
async function build(esbuild: Esbuild, root: string, outdir: string): Promise<InputStamp[]> {
  if (!process.execArgv.includes('--experimental-import-meta-resolve')) {
    throw new Error(
      'bundling needs node --experimental-import-meta-resolve (imports resolve from their importer)',
    );
  }
  const watched = new Set<string>([
    fileURLToPath(import.meta.url),
    join(root, 'package.json'),
    join(root, 'package-lock.json'),
    join(root, 'node_modules', '.package-lock.json'),
  ]);
  for (const folder of ['packages', 'apps']) {
    for (const name of await readdir(join(root, folder)))
      watched.add(join(root, folder, name, 'package.json'));
  }
  for (const [name, entry] of Object.entries(bundleEntries)) {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [join(root, entry)],
      outdir: join(outdir, name),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      // Names stay what the sources call them (errors, classes and functions in logs).
      keepNames: true,
      metafile: true,
      logLevel: 'silent',
      plugins: [ourCodeOnly(root, join(outdir, name))],
    });
    for (const input of Object.keys(result.metafile.inputs)) {
      if (!input.includes(':')) watched.add(isAbsolute(input) ? input : join(root, input));
    }
  }
  const stamps = await Promise.all(
    [...watched].map(async (path) => {
      const now = await stat(path).catch(() => undefined);
      return { path, size: now?.size ?? -1, mtimeMs: now?.mtimeMs ?? -1 };
    }),
  );
  return stamps;
}

/**
 * Bundles `@lifeosai/*` and relative imports; every other package is imported by the absolute
 * path Node resolves from the importer (so nested `node_modules` win as they would). Rewrites
 * each of our modules' `import.meta.url`, `dirname` and `filename` to its source's. An
 * `import.meta.resolve(…)` stays what it is — resolved from the bundle's folder at run time —
 * so the build refuses one that would resolve elsewhere there than beside its source.
 */
function ourCodeOnly(root: string, outdir: string): import('esbuild').Plugin {
  const fromBundle = pathToFileURL(join(outdir, 'entry.mjs')).href;
  return {
    name: 'lifeosai-our-code-only',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        if (args.path.startsWith('@lifeosai/')) return undefined;
        const resolved = import.meta.resolve(args.path, pathToFileURL(args.importer).href);
        return { path: resolved.startsWith('file:') ? fileURLToPath(resolved) : resolved, external: true };
      });
      builder.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (relative(root, args.path).startsWith('..') || args.path.includes('/node_modules/'))
          return undefined;
        const source = await readFile(args.path, 'utf8');
        const sourceUrl = pathToFileURL(args.path).href;
        for (const call of source.matchAll(/import\.meta\.resolve\(([^)]*)\)/g)) {
          const specifier = /^\s*'([^']+)'\s*$/.exec(call[1] ?? '')?.[1];
          if (
            !specifier ||
            import.meta.resolve(specifier, sourceUrl) !== import.meta.resolve(specifier, fromBundle)
          ) {
            throw new Error(`${args.path}: ${call[0]} would resolve differently from the bundle`);
          }
        }
        const contents = source
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** Removes builds beyond the newest `keptBuilds` besides the current one. */
async function removeOldBuilds(cacheDir: string, currentId: string): Promise<void> {
  const entries = await readdir(cacheDir, { withFileTypes: true });
  const builds = entries
    .filter((entry) => entry.isDirectory() && entry.name !== currentId)
    .map((entry) => entry.name)
    .sort()
    .reverse();
  for (const old of builds.slice(keptBuilds)) await rm(join(cacheDir, old), { recursive: true, force: true });
}
