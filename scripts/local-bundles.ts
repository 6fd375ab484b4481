/**
 * Local mode's bundles (ADR 0026): `npm start` runs its prepare step (`scripts/migrate.ts`), the
 * services' process (`scripts/local-services.ts`) and web's server (`apps/web/src/main.ts`) from
 * JavaScript that esbuild made of the sources and of the packages they use, not from ~1,500
 * files. A process that loads no `.ts` file never loads Node's type stripper (~18 MB resident in
 * each), and Node resolves, reads and links one module per chunk instead of one per file: the
 * module system was most of each process's start (ADR 0026 has the measurements).
 *
 * What is bundled, and what stays a file of `node_modules`:
 * - our code (`@lifeosai/*`, relative imports), always. Each module, ours or a package's, keeps
 *   its own location (`import.meta.url`, `dirname`, `filename`, `__dirname`, `__filename`, set by
 *   esbuild's `define`, so a string or a local of that name is left alone): the files it finds
 *   beside itself, and the scripts it starts in a sandbox, are the sources' own;
 * - a package, with the code that imports it — unless it stays a file: one in `keptAsFiles`, one
 *   that finds files or packages from its own location in a way a bundle cannot keep
 *   (`import.meta.resolve`, `require.resolve`, a `require` of a computed name, a native addon),
 *   and every package those depend on (their `package.json`, as Node finds them), so that no
 *   package is loaded twice in one process, bundled and as a file (two zods, two kyselys). A
 *   bundle is built again until that holds, starting from the last build's file-packages;
 *   `build.json` lists each bundle's packages, and a test checks none of them loads as a file;
 * - a file-package is imported by the absolute path Node itself resolves from the importer (so
 *   a workspace's own `node_modules` wins, e.g. auth's better-auth).
 * Lazy imports stay lazy: the bundles are split at every dynamic `import()`, so an SDK loaded on
 * first use is a chunk loaded on first use (a test loads every chunk of every bundle).
 *
 * Built into `node_modules/.cache/lifeosai-local/<id>/` on the first start and again whenever an
 * input changed (each bundled source, every package.json of the workspace, the lockfiles (an
 * install, esbuild's included), this file, the Node version: by size and modification time); a
 * build is a few seconds. `current.json` names the build in use and is replaced atomically, so
 * two starts at once each use a whole build. The newest few builds are kept: a platform still
 * running an older one loads its lazy chunks from it. `LIFEOSAI_LOCAL_BUNDLE=off` runs the
 * TypeScript directly (stack traces then name the sources' lines).
 *
 * Needs `--experimental-import-meta-resolve` (Node resolves each import from its importer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type BuildRecord,
  type BundleName,
  bundleEntries,
  bundlesIn,
  defaultCacheDir,
  type LocalBundles,
  readCurrent,
  staleInput,
} from './local-bundle-record.ts';

/**
 * Packages that stay files wherever they are imported: Next.js (its server loads its own
 * compiled tree by path), pino (its transports start workers from its files), esbuild (a
 * native binary beside its JavaScript).
 */
const keptAsFiles = new Set(['next', 'pino', 'esbuild']);

/** How many times a bundle may be built to keep out what a file-package depends on. */
const maxRounds = 5;

/** Builds kept besides the current one: a running platform may still load lazy chunks of one. */
const keptBuilds = 4;

export interface PrepareBundlesOptions {
  /** The repository root. */
  readonly root: string;
  /** Where builds live (default `node_modules/.cache/lifeosai-local` under the root). */
  readonly cacheDir?: string;
  /** Told before a build starts (it takes a few seconds), for the start-up's progress. */
  readonly onBuild?: (reason: string) => void;
}

/**
 * The bundles of this checkout: the current build when every input is as it was, or a new
 * one. Throws when esbuild fails (the caller then starts the TypeScript instead).
 */
export async function prepareLocalBundles(options: PrepareBundlesOptions): Promise<LocalBundles> {
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.root);
  const current = await readCurrent(cacheDir);
  const stale = current ? staleInput(current) : 'no build yet';
  if (current && stale === undefined) return bundlesIn(join(cacheDir, current.id));
  options.onBuild?.(stale ?? 'no build yet');
  const { randomUUID } = await import('node:crypto');
  const id = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const outdir = join(cacheDir, id);
  // The last build's file-packages are where this one starts: most builds then take one round.
  const built = await build(await import('esbuild'), options.root, outdir, current?.files);
  const record: BuildRecord = { id, node: process.version, ...built };
  await writeFile(join(outdir, 'build.json'), JSON.stringify(record));
  const temporary = join(cacheDir, `current.${id}.json`);
  await writeFile(temporary, JSON.stringify(record));
  await rename(temporary, join(cacheDir, 'current.json'));
  await removeOldBuilds(cacheDir, id);
  return bundlesIn(outdir);
}

type Esbuild = typeof import('esbuild');

/** What one round of a bundle's build found. */
interface Found {
  /** Package folders imported as files. */
  readonly files: Set<string>;
  /** Package folders that find files or packages from their own location: they must be files. */
  readonly locationBound: Set<string>;
}

/**
 * Builds every entry into `outdir`, starting from the last build's file-packages (`seeds`);
 * returns every input to watch and each bundle's packages, bundled and as files.
 */
async function build(
  esbuild: Esbuild,
  root: string,
  outdir: string,
  seeds: Partial<Record<BundleName, readonly string[]>> = {},
): Promise<Pick<BuildRecord, 'inputs' | 'bundled' | 'files'>> {
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
  const bundled = {} as Record<BundleName, string[]>;
  const asFiles = {} as Record<BundleName, string[]>;
  for (const [name, entry] of Object.entries(bundleEntries) as [BundleName, string][]) {
    const output = join(outdir, name);
    // Grows, round by round, until no bundled package is one a file-package depends on.
    const keptFiles = new Set<string>(seeds[name]);
    for (let round = 1; ; round++) {
      const found: Found = { files: new Set(), locationBound: new Set() };
      await rm(output, { recursive: true, force: true });
      await mkdir(output, { recursive: true });
      const result = await esbuild.build({
        absWorkingDir: root,
        entryPoints: [join(root, entry)],
        outdir: output,
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: `node${process.versions.node.split('.')[0]}`,
        outExtension: { '.js': '.mjs' },
        chunkNames: 'chunk-[hash]',
        // A bundled CommonJS module's `require` of a file or a built-in, from this chunk.
        banner: {
          js: "import { createRequire as __lifeosaiCreateRequire } from 'node:module'; const require = __lifeosaiCreateRequire(import.meta.url);",
        },
        // Names stay what the sources call them (errors, classes and functions in logs).
        keepNames: true,
        metafile: true,
        logLevel: 'silent',
        plugins: [localBundle(esbuild, root, output, keptFiles, found)],
      });
      const inputs = Object.keys(result.metafile.inputs)
        .filter((input) => !input.includes(':'))
        .map((input) => (isAbsolute(input) ? input : join(root, input)));
      const packages = new Set(inputs.map(packageFolderOf).filter((folder) => folder !== undefined));
      const files = dependencyClosure([...found.files, ...found.locationBound]);
      const twice = [...packages].filter((folder) => files.has(folder));
      if (twice.length === 0) {
        bundled[name] = [...packages].sort();
        asFiles[name] = [...files].sort();
        // Packages change with an install, which the lockfiles record: our sources are watched.
        for (const input of inputs) if (packageFolderOf(input) === undefined) watched.add(input);
        break;
      }
      if (round === maxRounds) {
        throw new Error(`${entry}: still bundled and a file after ${maxRounds} builds: ${twice.join(', ')}`);
      }
      for (const folder of files) keptFiles.add(folder);
    }
  }
  const stamps = await Promise.all(
    [...watched].map(async (path) => {
      const now = await stat(path).catch(() => undefined);
      return { path, size: now?.size ?? -1, mtimeMs: now?.mtimeMs ?? -1 };
    }),
  );
  return { inputs: stamps, bundled, files: asFiles };
}

const nodeModules = `${sep}node_modules${sep}`;

/** The package folder a file belongs to (`…/node_modules/<name>`), or undefined for our code. */
function packageFolderOf(path: string): string | undefined {
  const at = path.lastIndexOf(nodeModules);
  if (at < 0) return undefined;
  const [first = '', second = ''] = path.slice(at + nodeModules.length).split(sep);
  return join(path.slice(0, at), 'node_modules', first.startsWith('@') ? `${first}/${second}` : first);
}

/** A specifier's package name: `zod/v4` → `zod`, `@scope/pkg/sub` → `@scope/pkg`. */
function packageNameOf(specifier: string): string {
  const [first = '', second = ''] = specifier.split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/** Where Node finds package `name` from `from`: the nearest `node_modules/<name>` up the tree. */
function findPackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The folders and every package they depend on (dependencies, optional and peer), as Node finds them. */
function dependencyClosure(folders: Iterable<string>): Set<string> {
  const closure = new Set<string>();
  const queue = [...folders];
  for (let folder = queue.pop(); folder !== undefined; folder = queue.pop()) {
    if (closure.has(folder)) continue;
    closure.add(folder);
    let manifest: Record<string, Record<string, string> | undefined>;
    try {
      manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const dependency of Object.keys(manifest[field] ?? {})) {
        const found = findPackage(dependency, folder);
        if (found) queue.push(found);
      }
    }
  }
  return closure;
}

/** Source that may refer to its own location (most modules do not, and are left as they are). */
const mentionsLocation = /__dirname|__filename|import\.meta/;

/** Code that finds files or packages from its own location in a way a bundle cannot keep. */
const locationBound =
  /import\.meta\.resolve|require\.resolve\s*\(|(?<![\w$.])require\s*\(\s*(?:[^'"\s)]|`[^`]*\$\{)/;

/**
 * A module's own location written into it (esbuild's `define`, so only real references change,
 * never a string or a local of the same name): `import.meta.url`, `dirname`, `filename`, and
 * CommonJS's `__dirname` and `__filename`.
 */
async function withOwnLocation(
  esbuild: Esbuild,
  source: string,
  path: string,
  loader: 'ts' | 'js',
): Promise<string> {
  const { code } = await esbuild.transform(source, {
    loader,
    sourcefile: path,
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(path).href),
      'import.meta.dirname': JSON.stringify(dirname(path)),
      'import.meta.filename': JSON.stringify(path),
      __dirname: JSON.stringify(dirname(path)),
      __filename: JSON.stringify(path),
    },
  });
  return code;
}

/**
 * Bundles our code and the packages that may be bundled (see the file's comment); a package
 * that stays a file is imported by the absolute path Node resolves from the importer. An
 * `import.meta.resolve` of ours with one argument stays what it is — resolved from the bundle's
 * folder at run time — so the build refuses one that would resolve elsewhere there than beside
 * its source.
 */
function localBundle(
  esbuild: Esbuild,
  root: string,
  outdir: string,
  keptFiles: ReadonlySet<string>,
  found: Found,
): import('esbuild').Plugin {
  const fromBundle = pathToFileURL(join(outdir, 'entry.mjs')).href;
  const ours = (path: string) =>
    !relative(root, path).startsWith('..') && packageFolderOf(path) === undefined;
  return {
    name: 'lifeosai-local-bundle',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || isBuiltin(args.path)) return { path: args.path, external: true };
        if (args.path.startsWith('@lifeosai/')) return undefined;
        const name = packageNameOf(args.path);
        const folder = findPackage(name, args.resolveDir);
        if (!keptFiles.has(folder ?? '') && !keptAsFiles.has(name)) return undefined;
        if (folder) found.files.add(folder);
        const resolved = args.kind.startsWith('require')
          ? pathToFileURL(createRequire(args.importer).resolve(args.path)).href
          : import.meta.resolve(args.path, pathToFileURL(args.importer).href);
        return { path: resolved.startsWith('file:') ? fileURLToPath(resolved) : resolved, external: true };
      });
      // A native addon stays beside its package, which then stays a file.
      builder.onResolve({ filter: /^\.\.?\/.*\.node$/ }, (args) => {
        const folder = packageFolderOf(args.importer);
        if (folder) found.locationBound.add(folder);
        return { path: join(args.resolveDir, args.path), external: true };
      });
      builder.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const folder = packageFolderOf(args.path);
        if (folder && locationBound.test(source)) found.locationBound.add(folder);
        if (!mentionsLocation.test(source)) return undefined;
        return { contents: await withOwnLocation(esbuild, source, args.path, 'js'), loader: 'js' };
      });
      builder.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!ours(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const sourceUrl = pathToFileURL(args.path).href;
        for (const call of source.matchAll(/import\.meta\.resolve\(([^)]*)\)/g)) {
          const argument = call[1] ?? '';
          // With a second argument, the parent is explicit: it resolves the same from anywhere.
          if (argument.includes(',')) continue;
          const specifier = /^\s*'([^']+)'\s*$/.exec(argument)?.[1];
          if (
            !specifier ||
            import.meta.resolve(specifier, sourceUrl) !== import.meta.resolve(specifier, fromBundle)
          ) {
            throw new Error(`${args.path}: ${call[0]} would resolve differently from the bundle`);
          }
        }
        if (!mentionsLocation.test(source)) return { contents: source, loader: 'ts' };
        return { contents: await withOwnLocation(esbuild, source, args.path, 'ts'), loader: 'js' };
      });
    },
  };
}

/**
 * Removes builds beyond the newest `keptBuilds` besides the current one, and then what Node's
 * compile cache (`NODE_COMPILE_CACHE`, which npm start sets) holds of them: Node keys its
 * entries by file, and every build's chunks are new files, so the cache would grow by each
 * build's compiled chunks for ever. An entry older than the oldest build kept is removed; one
 * still in use (the supervisor's sources, say) is written again on its next use.
 */
async function removeOldBuilds(cacheDir: string, currentId: string): Promise<void> {
  const entries = await readdir(cacheDir, { withFileTypes: true });
  const builds = entries
    .filter((entry) => entry.isDirectory() && entry.name !== currentId)
    .map((entry) => entry.name)
    .sort()
    .reverse();
  for (const old of builds.slice(keptBuilds)) await rm(join(cacheDir, old), { recursive: true, force: true });
  const compileCache = process.env.NODE_COMPILE_CACHE;
  if (!compileCache) return;
  // A build's id starts with its time (base 36).
  const oldestKept = Math.min(...[currentId, ...builds.slice(0, keptBuilds)].map(builtAt));
  const folders = await readdir(compileCache, { withFileTypes: true }).catch(() => []);
  for (const folder of folders.filter((entry) => entry.isDirectory())) {
    const inside = join(compileCache, folder.name);
    for (const name of await readdir(inside).catch(() => [])) {
      const file = join(inside, name);
      const stamp = await stat(file).catch(() => undefined);
      if (stamp && stamp.mtimeMs < oldestKept) await rm(file, { force: true });
    }
  }
}

/** When a build was made, from its id (`<time in base 36>-<random>`). */
function builtAt(id: string): number {
  const time = Number.parseInt(id.split('-')[0] ?? '', 36);
  return Number.isFinite(time) ? time : 0;
}
