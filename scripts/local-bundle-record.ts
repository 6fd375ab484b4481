/**
 * What a build of local mode's bundles is (`scripts/local-bundles.ts` makes them): its record,
 * whether it is still current, and where its bundles are. Apart from the builder, so that npm
 * start's long-lived process can ask (it starts its prepare step from the current bundle)
 * without loading — and type-stripping — the builder (~13 MB resident measured).
 */
import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The entry points, by name: what npm start runs from a bundle. */
export const bundleEntries = {
  prepare: 'scripts/migrate.ts',
  services: 'scripts/local-services.ts',
  web: 'apps/web/src/main.ts',
} as const;

export type BundleName = keyof typeof bundleEntries;
/** Each entry's bundled file (absolute). */
export type LocalBundles = Record<BundleName, string>;

/** An input of a build, as it was when built. */
export interface InputStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface BuildRecord {
  readonly id: string;
  readonly node: string;
  readonly inputs: readonly InputStamp[];
  /** Each bundle's packages (their folders): none of them may also load as a file. */
  readonly bundled: Readonly<Record<BundleName, readonly string[]>>;
  /** Each bundle's packages imported as files, with all they depend on: the next build's start. */
  readonly files: Readonly<Record<BundleName, readonly string[]>>;
}

/** Where builds live unless told: `node_modules/.cache/lifeosai-local` under the repository. */
export function defaultCacheDir(root: string): string {
  return join(root, 'node_modules', '.cache', 'lifeosai-local');
}

/**
 * The current build's bundles when every input is as it was, without building anything: how
 * npm start finds its prepare step's bundle before that step runs.
 */
export async function currentLocalBundles(options: {
  readonly root: string;
  readonly cacheDir?: string;
}): Promise<LocalBundles | undefined> {
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.root);
  const current = await readCurrent(cacheDir);
  if (!current || staleInput(current) !== undefined) return undefined;
  return bundlesIn(join(cacheDir, current.id));
}

/** Each entry's output: `<build>/<name>/<entry's file name>.mjs`, as esbuild writes it. */
export function bundlesIn(outdir: string): LocalBundles {
  const output = (name: BundleName) => join(outdir, name, `${basename(bundleEntries[name], '.ts')}.mjs`);
  return { prepare: output('prepare'), services: output('services'), web: output('web') };
}

export async function readCurrent(cacheDir: string): Promise<BuildRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(join(cacheDir, 'current.json'), 'utf8')) as BuildRecord;
    await stat(join(cacheDir, record.id, 'build.json'));
    // A build of an older builder, without every bundle of this one, is built again.
    if (!record.bundled || !record.files) return undefined;
    return record;
  } catch {
    return undefined;
  }
}

/**
 * The first input that changed since the build, or undefined when none did: ~650 stats, one
 * after another (a few ms; npm start asks before anything else runs, then the prepare step).
 */
export function staleInput(record: BuildRecord): string | undefined {
  if (record.node !== process.version) return `Node changed (${record.node} → ${process.version})`;
  for (const input of record.inputs) {
    // A file that did not exist (size -1) is unchanged while it still does not.
    const now = statSync(input.path, { throwIfNoEntry: false });
    if ((now?.size ?? -1) !== input.size || (now?.mtimeMs ?? -1) !== input.mtimeMs)
      return `${input.path} changed`;
  }
  return undefined;
}
