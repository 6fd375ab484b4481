import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { preparePostgres } from './postgres-binaries.ts';

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;
const folders: string[] = [];

/** A temp folder other users can enter (like /tmp itself), removed after the test. */
function openFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'lifeosai-pgbin-'));
  chmodSync(folder, 0o755);
  folders.push(folder);
  return folder;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('preparePostgres', () => {
  it('gives programs that run as the user Postgres will run as', async () => {
    const installation = await preparePostgres({ tempDir: openFolder() });
    const { stdout } = await run(installation.postgres, ['--version'], {
      ...(installation.runAs && { uid: installation.runAs.uid, gid: installation.runAs.gid }),
      cwd: installation.tempDir,
    });
    expect(stdout).toMatch(/postgres \(PostgreSQL\) \d+/);
    expect(Boolean(installation.runAs)).toBe(asRoot);
  });

  // The root cases: a checkout in a private folder (root's home, `mktemp -d`) is out of the
  // postgres user's reach, so it gets a root-owned copy it can enter.
  describe.runIf(asRoot)('as root', () => {
    it('puts the programs in a root-owned folder every user can enter, not in node_modules', async () => {
      const tempDir = openFolder();
      const installation = await preparePostgres({ tempDir });
      expect(installation.initdb.startsWith(tempDir)).toBe(true);
      const folder = dirname(dirname(installation.initdb));
      const info = statSync(folder);
      expect(info.uid).toBe(0);
      expect(info.mode & 0o777).toBe(0o755);
      const { stdout } = await run(installation.initdb, ['--version'], {
        uid: installation.runAs!.uid,
        gid: installation.runAs!.gid,
        cwd: tempDir,
      });
      expect(stdout).toMatch(/initdb \(PostgreSQL\)/);
      // Built once: the second call reuses the same folder.
      expect((await preparePostgres({ tempDir })).initdb).toBe(installation.initdb);
    });

    it('never reuses a folder of that name that others could have written', async () => {
      const tempDir = openFolder();
      const first = await preparePostgres({ tempDir });
      const folder = dirname(dirname(first.initdb));
      rmSync(folder, { recursive: true });
      // Planted by someone else: world-writable, claims to be complete.
      mkdirSync(join(folder, 'bin'), { recursive: true, mode: 0o777 });
      chmodSync(folder, 0o777);
      writeFileSync(join(folder, '.lifeosai-complete'), 'planted\n');
      const second = await preparePostgres({ tempDir });
      expect(dirname(dirname(second.initdb))).not.toBe(folder);
      expect(statSync(dirname(dirname(second.initdb))).uid).toBe(0);
    });

    it('refuses a temp directory the postgres user cannot enter, naming it', async () => {
      const privateFolder = mkdtempSync(join(tmpdir(), 'lifeosai-pgbin-private-'));
      folders.push(privateFolder);
      await expect(preparePostgres({ tempDir: privateFolder })).rejects.toThrow(
        new RegExp(`cannot enter ${privateFolder}.*TMPDIR`),
      );
    });
  });
});
