import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PiSdk from '@earendil-works/pi-coding-agent';

const packageName = '@earendil-works/pi-coding-agent';

/**
 * Pi's SDK as the runner loads it. Pi publishes its SDK twice: as ~4,500 small ES modules
 * (the package's entry) and bundled into a few files (`dist/bundle/index.js`, what Pi's own
 * CLI runs), with the same exports. Node resolves and links every module file by file, so the
 * bundle starts a runner in about half the CPU time (`npm run bench:sandbox`: a Pi run 1,276 →
 * 844 ms), on every run. The bundle is not in the package's export map, so it is found by
 * path in the package's folder; if a Pi release stops shipping it, the entry is used and runs
 * only start slower.
 *
 * Every value from Pi comes from here, never from the package or from `pi-ai` directly: the
 * bundle carries its own copy of `pi-ai`, and a second copy would register providers where
 * the session never looks.
 */
export const pi: typeof PiSdk = await import(piEntry());

/** Where `pi` is loaded from: the bundle when the installed Pi ships one, else the package. */
export function piEntry(): string {
  return bundledEntry() ?? packageName;
}

function bundledEntry(): string | undefined {
  const searchPaths = createRequire(import.meta.url).resolve.paths(packageName) ?? [];
  for (const folder of searchPaths) {
    const bundle = join(folder, packageName, 'dist', 'bundle', 'index.js');
    if (existsSync(bundle)) return pathToFileURL(bundle).href;
  }
  return undefined;
}
