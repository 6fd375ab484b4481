import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStorage } from './file-storage.ts';
import { createLocalFileStorage } from './local-file-storage.ts';
import { describeFileStorage, digest, source } from './testing/file-storage-suite.ts';

let sandbox: string;
let root: string;
let storage: FileStorage;

beforeEach(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'lifeosai-files-'));
  root = join(sandbox, 'root');
  storage = createLocalFileStorage({ root });
});

afterEach(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

/** Every path under `folder`, so tests can assert that nothing was left behind. */
async function tree(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).sort();
}

describeFileStorage('local folder', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'lifeosai-files-'));
  const storageRoot = join(folder, 'root');
  return {
    storage: createLocalFileStorage({ root: storageRoot }),
    // Files only: the temp folder may stay, empty.
    storedNames: async () =>
      (await readdir(storageRoot, { recursive: true, withFileTypes: true }).catch(() => []))
        .filter((entry) => entry.isFile())
        .map((entry) => relative(storageRoot, join(entry.parentPath, entry.name)))
        .sort(),
    close: () => rm(folder, { recursive: true, force: true }),
  };
});

describe('createLocalFileStorage on disk', () => {
  it.skipIf(process.platform === 'win32')('keeps files private to the platform user', async () => {
    await storage.put('a/b.txt', source('x'), { maxBytes: 10 });
    expect((await stat(join(root, 'a/b.txt'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(root, 'a'))).mode & 0o777).toBe(0o700);
  });

  it('lists no upload in progress, and leaves its temp folder empty after a failure', async () => {
    await storage.put('a.txt', source('a'), { maxBytes: 10 });
    await writeFile(join(root, '.tmp', 'half-written'), 'x');
    expect((await storage.list()).map((file) => file.name)).toEqual(['a.txt']);
    await rm(join(root, '.tmp', 'half-written'));
    await expect(storage.put('b.txt', source('too long'), { maxBytes: 2 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
    expect(await tree(root)).toEqual(['.tmp', 'a.txt']);
  });
});

describe.skipIf(process.platform === 'win32')('createLocalFileStorage and symlinks', () => {
  let outside: string;

  beforeEach(async () => {
    outside = join(sandbox, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'outside secret');
    await mkdir(root);
  });

  it('refuses a symlink inside the root that points outside', async () => {
    await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'));
    const invalid = { code: 'FILE_NAME_INVALID' };

    await expect(storage.get('link.txt')).rejects.toMatchObject(invalid);
    await expect(storage.stat('link.txt')).rejects.toMatchObject(invalid);
    await expect(storage.put('link.txt', source('overwrite'), { maxBytes: 100 })).rejects.toMatchObject(
      invalid,
    );
    await expect(storage.delete('link.txt')).rejects.toMatchObject(invalid);

    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('outside secret');
    expect((await lstat(join(root, 'link.txt'))).isSymbolicLink()).toBe(true);
    expect(await storage.list()).toEqual([]);
  });

  it('refuses a path through a symlinked folder', async () => {
    await symlink(outside, join(root, 'dir'));
    const invalid = { code: 'FILE_NAME_INVALID' };

    await expect(storage.get('dir/secret.txt')).rejects.toMatchObject(invalid);
    await expect(storage.stat('dir/secret.txt')).rejects.toMatchObject(invalid);
    await expect(storage.delete('dir/secret.txt')).rejects.toMatchObject(invalid);
    await expect(storage.put('dir/new.txt', source('x'), { maxBytes: 100 })).rejects.toMatchObject(invalid);
    await expect(storage.put('dir/sub/new.txt', source('x'), { maxBytes: 100 })).rejects.toMatchObject(
      invalid,
    );
    await expect(storage.list('dir/')).rejects.toMatchObject(invalid);

    expect(await tree(outside)).toEqual(['secret.txt']);
    expect(await storage.list()).toEqual([]);
  });
});

describe('createLocalFileStorage streaming', () => {
  const MIB = 1024 * 1024;
  const FILE_MIB = 256;
  const RSS_BUDGET = 64 * MIB;

  // V8 lets tens of MiB of dead buffers pile up before it collects them, which would make RSS
  // measure the collector's laziness instead of what storage holds; so each sample collects first
  // (the same flag trick Jest uses to find leaks).
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;

  function sampleRss(): number {
    collectGarbage();
    return process.memoryUsage().rss;
  }

  it(`moves ${FILE_MIB} MiB through put and get without holding it in memory`, async () => {
    const baseline = sampleRss();
    let peak = baseline;
    // A full collection per sample: every 50 ms it starved the copy itself (31 s and a timeout
    // under load; 1.8 s quiet either way).
    const sampler = setInterval(() => {
      peak = Math.max(peak, sampleRss());
    }, 250);

    try {
      const expected = createHash('sha256');
      async function* generate() {
        for (let index = 0; index < FILE_MIB; index++) {
          // A fresh buffer per chunk: a storage that kept chunks would show up in RSS.
          const chunk = Buffer.allocUnsafe(MIB).fill(index % 251);
          expected.update(chunk);
          yield chunk;
        }
      }
      const stored = await storage.put('large.bin', Readable.from(generate()), { maxBytes: FILE_MIB * MIB });
      expect(stored).toEqual({ name: 'large.bin', size: FILE_MIB * MIB, sha256: expected.digest('hex') });

      const content = await storage.get('large.bin');
      expect(await digest(content.stream)).toEqual({ size: content.size, sha256: stored.sha256 });
    } finally {
      clearInterval(sampler);
    }
    expect(peak - baseline).toBeLessThan(RSS_BUDGET);
  });
});
