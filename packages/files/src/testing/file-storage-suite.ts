import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStorage } from '../file-storage.ts';

/** One backend under test: its storage, and every name it holds, temporary ones included. */
export interface FileStorageUnderTest {
  storage: FileStorage;
  /** Everything the backend holds (temp files, objects), to prove nothing was left behind. */
  storedNames(): Promise<string[]>;
  close(): Promise<void>;
}

/** A source stream of `chunks`, for `put`. */
export function source(...chunks: string[]): Readable {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
}

/** A stream's bytes as UTF-8 text. */
export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Size and hex SHA-256 of a stream, read chunk by chunk (nothing kept). */
export async function digest(stream: AsyncIterable<Uint8Array>): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * The `FileStorage` contract, run against every backend (local folder, Cloud Storage on the
 * fake): the same names refused the same way, the same limits, nothing left behind on failure.
 */
export function describeFileStorage(backend: string, start: () => Promise<FileStorageUnderTest>): void {
  describe(`FileStorage contract: ${backend}`, () => {
    let backendUnderTest: FileStorageUnderTest;
    let storage: FileStorage;

    beforeEach(async () => {
      backendUnderTest = await start();
      storage = backendUnderTest.storage;
    });
    afterEach(async () => backendUnderTest.close());

    const stored = () => backendUnderTest.storedNames();

    it('stores, reads, stats, lists and deletes a file', async () => {
      const file = await storage.put('org_1/docs/hello.txt', source('hello, ', 'world'), { maxBytes: 1024 });
      expect(file).toEqual({
        name: 'org_1/docs/hello.txt',
        size: 12,
        sha256: createHash('sha256').update('hello, world').digest('hex'),
      });
      const content = await storage.get('org_1/docs/hello.txt');
      expect(content.size).toBe(12);
      expect(await readAll(content.stream)).toBe('hello, world');
      const stat = await storage.stat('org_1/docs/hello.txt');
      expect(stat).toMatchObject({ name: 'org_1/docs/hello.txt', size: 12 });
      expect(stat?.modifiedAt).toBeInstanceOf(Date);
      expect(await storage.stat('org_1/docs/missing.txt')).toBeUndefined();
      expect(await storage.stat('org_1/docs')).toBeUndefined();

      expect(await storage.delete('org_1/docs/hello.txt')).toBe(true);
      expect(await storage.delete('org_1/docs/hello.txt')).toBe(false);
      await expect(storage.get('org_1/docs/hello.txt')).rejects.toMatchObject({
        code: 'FILE_NOT_FOUND',
        status: 404,
      });
      expect(await storage.list()).toEqual([]);
    });

    it('replaces an existing file, and accepts exactly maxBytes and an empty file', async () => {
      await storage.put('note.txt', source('first version'), { maxBytes: 100 });
      await storage.put('note.txt', source('second'), { maxBytes: 100 });
      expect(await readAll((await storage.get('note.txt')).stream)).toBe('second');
      await expect(storage.put('exact.bin', source('12345'), { maxBytes: 5 })).resolves.toMatchObject({
        size: 5,
      });
      await expect(storage.put('empty.bin', source(), { maxBytes: 0 })).resolves.toMatchObject({
        size: 0,
        sha256: createHash('sha256').digest('hex'),
      });
      expect((await storage.get('empty.bin')).size).toBe(0);
      expect(await stored()).toEqual(['empty.bin', 'exact.bin', 'note.txt']);
    });

    it('lists by plain string prefix, sorted by name, across pages', async () => {
      const names = ['b/2.txt', 'b/1.txt', 'a/x/deep.txt', 'a-c.txt', 'report-2024.pdf', 'report-2025.pdf'];
      for (const name of names) await storage.put(name, source(name), { maxBytes: 100 });
      const listed = async (prefix?: string) => (await storage.list(prefix)).map((file) => file.name);
      expect(await listed()).toEqual([...names].sort());
      expect(await listed('a')).toEqual(['a-c.txt', 'a/x/deep.txt']);
      expect(await listed('a/')).toEqual(['a/x/deep.txt']);
      expect(await listed('b/1')).toEqual(['b/1.txt']);
      expect(await listed('report-2')).toEqual(['report-2024.pdf', 'report-2025.pdf']);
      expect(await listed('missing/')).toEqual([]);
      expect(await listed('.tmp/')).toEqual([]);
      expect((await storage.list('b/2'))[0]).toMatchObject({ size: 7 });
      await expect(storage.list('../')).rejects.toMatchObject({ code: 'FILE_NAME_INVALID' });
    });

    it('refuses a file where a folder is, or under a file, before reading', async () => {
      await storage.put('a/b.txt', source('x'), { maxBytes: 10 });
      for (const name of ['a', 'a/b.txt/c']) {
        const unread = source('never read');
        await expect(storage.put(name, unread, { maxBytes: 10 })).rejects.toMatchObject({
          code: 'FILE_NAME_CONFLICT',
          status: 409,
        });
        expect(unread.readableDidRead).toBe(false);
      }
      expect(await stored()).toEqual(['a/b.txt']);
    });

    it.each([
      '../x',
      'a/../../x',
      '/etc/passwd',
      'a\\..\\x',
      'a\u0000b',
      'C:\\x',
      '\\\\server\\share',
      '.tmp/x',
      'a//b',
      'a/./b',
      '',
    ])('refuses %j in every operation without reading the source', async (name) => {
      const unread = source('never read');
      const invalid = { code: 'FILE_NAME_INVALID', status: 400 };
      await expect(storage.put(name, unread, { maxBytes: 100 })).rejects.toMatchObject(invalid);
      expect(unread.readableDidRead).toBe(false);
      await expect(storage.get(name)).rejects.toMatchObject(invalid);
      await expect(storage.stat(name)).rejects.toMatchObject(invalid);
      await expect(storage.delete(name)).rejects.toMatchObject(invalid);
      expect(await stored()).toEqual([]);
    });

    it('refuses an oversize file with FILE_TOO_LARGE, keeps the previous version and leaves nothing', async () => {
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
      expect(await stored()).toEqual(['big.bin']);
    });

    it('leaves nothing when the source fails midway', async () => {
      const failure = new Error('client disconnected');
      async function* failing() {
        yield Buffer.from('first part');
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw failure;
      }
      await expect(storage.put('partial.bin', failing(), { maxBytes: 100 })).rejects.toBe(failure);
      expect(await stored()).toEqual([]);
      expect(await storage.stat('partial.bin')).toBeUndefined();
    });

    it('ends concurrent writes of one name with one whole version', async () => {
      const versions = ['a', 'b', 'c', 'd'].map((letter) => letter.repeat(64 * 1024));
      const results = await Promise.all(
        versions.map((text) =>
          storage.put('same.txt', source(text.slice(0, 1000), text.slice(1000)), { maxBytes: 1e6 }),
        ),
      );
      expect(results.map((result) => result.size)).toEqual(versions.map((text) => text.length));
      expect(versions).toContain(await readAll((await storage.get('same.txt')).stream));
      expect(await stored()).toEqual(['same.txt']);
    });

    it('streams a file of several MiB through put and get', async () => {
      const MIB = 1024 * 1024;
      const expected = createHash('sha256');
      async function* generate() {
        for (let index = 0; index < 6; index++) {
          const chunk = Buffer.allocUnsafe(MIB).fill(index * 37);
          expected.update(chunk);
          yield chunk;
        }
      }
      const file = await storage.put('large.bin', Readable.from(generate()), { maxBytes: 6 * MIB });
      expect(file).toEqual({ name: 'large.bin', size: 6 * MIB, sha256: expected.digest('hex') });
      const content = await storage.get('large.bin');
      expect(content.size).toBe(6 * MIB);
      expect(await digest(content.stream)).toEqual({ size: 6 * MIB, sha256: file.sha256 });
    });
  });
}
