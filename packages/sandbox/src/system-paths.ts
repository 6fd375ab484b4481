import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a sandbox sees of the host, read-only: the system and the platform's installed code. */
export interface HostView {
  /** `[path, target]`: top-level system names that are symlinks (`/bin` → `usr/bin`), recreated as such. */
  readonly symlinks: ReadonlyArray<readonly [string, string]>;
  /** Directories bound read-only at the same path. */
  readonly readOnly: ReadonlyArray<string>;
}

/** The system's programs, libraries and configuration; nothing that holds users' or the platform's data. */
const systemDirectories = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];

/** The platform's install root: the folder holding `packages/` and `node_modules/`. */
export const installRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The host view of every sandbox: the system directories, and of the platform only its
 * installed code — `node_modules/` (harness binaries and SDKs) and `packages/` (the Pi runner,
 * this package's init) — never the install root itself, which may hold `.env` or config
 * files, and never `$LIFEOSAI_HOME`. The Node binary is added when it lives elsewhere.
 */
export function hostView(nodePath: string = process.execPath): HostView {
  const symlinks: Array<readonly [string, string]> = [];
  const readOnly: string[] = [];
  for (const path of systemDirectories) {
    if (!existsSync(path)) continue;
    if (lstatSync(path).isSymbolicLink()) symlinks.push([path, readlinkSync(path)]);
    else readOnly.push(path);
  }
  const code = ['node_modules', 'packages']
    .map((name) => join(installRoot, name))
    .filter((path) => existsSync(path));
  readOnly.push(...code);
  const node = realpathSync(nodePath);
  const covered = [...readOnly, ...code].some((path) => node.startsWith(path + sep));
  if (!covered) readOnly.push(dirname(dirname(node)));
  return { symlinks, readOnly };
}
