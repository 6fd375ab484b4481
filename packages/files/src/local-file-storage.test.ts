import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStorage } from './file-storage.ts';
import { createLocalFileStorage } from './local-file-storage.ts';

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

function source(...chunks: string[]): Readable {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Every path under `folder`, so tests can assert that nothing was left behind. */
async function tree(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).sort();
}

describe('createLocalFileStorage round trip', () => {
  it('stores, reads, stats, lists and deletes a file', async () => {
    const stored = await storage.put('org_1/docs/hello.txt', source('hello, ', 'world'), { maxBytes: 1024 });
    expect(stored).toEqual({
      name: 'org_1/docs/hello.txt',
      size: 12,
      sha256: createHash('sha256').update('hello, world').digest('hex'),
    });

    const content = await storage.get('org_1/docs/hello.txt');
    expect(content.size).toBe(12);
    expect(await readAll(content.stream)).toBe('hello, world');

    expect(await storage.stat('org_1/docs/hello.txt')).toMatchObject({
      name: 'org_1/docs/hello.txt',
      size: 12,
    });
    expect((await storage.stat('org_1/docs/hello.txt'))?.modifiedAt).toBeInstanceOf(Date);
    expect(await storage.stat('org_1/docs/missing.txt')).toBeUndefined();
    expect(await storage.stat('org_1/docs')).toBeUndefined();

    expect(await storage.delete('org_1/docs/hello.txt')).toBe(true);
    expect(await storage.delete('org_1/docs/hello.txt')).toBe(false);
    await expect(storage.get('org_1/docs/hello.txt')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      status: 404,
    });
  });

  it.skipIf(process.platform === 'win32')('keeps files private to the platform user', async () => {
    await storage.put('a/b.txt', source('x'), { maxBytes: 10 });
    expect((await stat(join(root, 'a/b.txt'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(root, 'a'))).mode & 0o777).toBe(0o700);
  });

  it('replaces an existing file', async () => {
    await storage.put('note.txt', source('first version'), { maxBytes: 100 });
    await storage.put('note.txt', source('second'), { maxBytes: 100 });
    expect(await readAll((await storage.get('note.txt')).stream)).toBe('second');
  });

  it('accepts a file of exactly maxBytes, and an empty file', async () => {
    await expect(storage.put('exact.bin', source('12345'), { maxBytes: 5 })).resolves.toMatchObject({
      size: 5,
    });
    await expect(storage.put('empty.bin', source(), { maxBytes: 0 })).resolves.toMatchObject({
      size: 0,
      sha256: createHash('sha256').digest('hex'),
    });
  });

  it('lists files by string prefix, sorted, without uploads in progress', async () => {
    for (const name of [
      'b/2.txt',
      'b/1.txt',
      'a/x/deep.txt',
      'a-c.txt',
      'report-2024.pdf',
      'report-2025.pdf',
    ]) {
      await storage.put(name, source(name), { maxBytes: 100 });
    }
    await writeFile(join(root, '.tmp', 'half-written'), 'x');

    const names = async (prefix?: string) => (await storage.list(prefix)).map((file) => file.name);
    expect(await names()).toEqual([
      'a-c.txt',
      'a/x/deep.txt',
      'b/1.txt',
      'b/2.txt',
      'report-2024.pdf',
      'report-2025.pdf',
    ]);
    expect(await names('a')).toEqual(['a-c.txt', 'a/x/deep.txt']);
    expect(await names('a/')).toEqual(['a/x/deep.txt']);
    expect(await names('b/1')).toEqual(['b/1.txt']);
    expect(await names('report-2')).toEqual(['report-2024.pdf', 'report-2025.pdf']);
    expect(await names('missing/')).toEqual([]);
    expect(await names('.tmp/')).toEqual([]);
    expect((await storage.list('b/2'))[0]).toMatchObject({ size: 7 });
    await expect(storage.list('../')).rejects.toMatchObject({ code: 'FILE_NAME_INVALID' });
  });

  it('refuses to put a file where a folder is, or under a file', async () => {
    await storage.put('a/b.txt', source('x'), { maxBytes: 10 });
    await expect(storage.put('a', source('x'), { maxBytes: 10 })).rejects.toMatchObject({
      code: 'FILE_NAME_CONFLICT',
      status: 409,
    });
    await expect(storage.put('a/b.txt/c', source('x'), { maxBytes: 10 })).rejects.toMatchObject({
      code: 'FILE_NAME_CONFLICT',
    });
    expect(await tree(join(root, '.tmp'))).toEqual([]);
  });
});

describe('createLocalFileStorage refuses names that escape the root', () => {
  const escapes = [
    '../x',
    'a/../../x',
    '/etc/passwd',
    'a\\..\\x',
    'a\u0000b',
    'C:\\x',
    '\\\\server\\share',
    '.tmp/x',
    '',
  ];

  it.each(escapes)('refuses %j in every operation without reading the source', async (name) => {
    const unread = source('never read');
    const invalid = { code: 'FILE_NAME_INVALID', status: 400 };
    await expect(storage.put(name, unread, { maxBytes: 100 })).rejects.toMatchObject(invalid);
    expect(unread.readableDidRead).toBe(false);
    await expect(storage.get(name)).rejects.toMatchObject(invalid);
    await expect(storage.stat(name)).rejects.toMatchObject(invalid);
    await expect(storage.delete(name)).rejects.toMatchObject(invalid);
    expect(await tree(sandbox)).toEqual([]);
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

describe('createLocalFileStorage leaves nothing half-written', () => {
  it('refuses an oversize file with FILE_TOO_LARGE and keeps the previous version', async () => {
    await storage.put('big.bin', source('old'), { maxBytes: 100 });
    const oversize = source('0123456789', 'abcdef');

    await expect(storage.put('big.bin', oversize, { maxBytes: 12 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      status: 413,
    });
    await expect(
      storage.put('other/new.bin', source('0123456789abc'), { maxBytes: 12 }),
    ).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });

    expect(oversize.destroyed).toBe(true);
    expect(await readAll((await storage.get('big.bin')).stream)).toBe('old');
    expect(await tree(root)).toEqual(['.tmp', 'big.bin']);
  });

  it('removes the partial upload when the source fails', async () => {
    const failure = new Error('client disconnected');
    async function* failing() {
      yield Buffer.from('first part');
      throw failure;
    }

    await expect(storage.put('partial.bin', failing(), { maxBytes: 100 })).rejects.toBe(failure);
    expect(await tree(root)).toEqual(['.tmp']);
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
    const sampler = setInterval(() => {
      peak = Math.max(peak, sampleRss());
    }, 50);

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
      const actual = createHash('sha256');
      let size = 0;
      for await (const chunk of content.stream) {
        actual.update(chunk);
        size += chunk.byteLength;
      }
      expect(size).toBe(content.size);
      expect(actual.digest('hex')).toBe(stored.sha256);
    } finally {
      clearInterval(sampler);
    }
    expect(peak - baseline).toBeLessThan(RSS_BUDGET);
  });
});
