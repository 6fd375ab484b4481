import { Readable } from 'node:stream';
import { Storage } from '@google-cloud/storage';
import { type FakeGcs, startFakeGcs } from '@lifeosai/testkit/fake-gcs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGcsFileStorage } from './gcs-file-storage.ts';
import { describeFileStorage } from './testing/file-storage-suite.ts';

let fake: FakeGcs;
let buckets = 0;

beforeAll(async () => {
  fake = await startFakeGcs();
});
afterAll(async () => fake?.close());

function freshBucket(): string {
  const bucket = `lifeosai-test-${++buckets}`;
  fake.createBucket(bucket);
  return bucket;
}

// A page size of 2 makes every listing of the contract page through the API.
describeFileStorage('Cloud Storage (fake JSON API)', async () => {
  const bucket = freshBucket();
  return {
    storage: createGcsFileStorage({ bucket, apiEndpoint: fake.url, maxRetries: 0, pageSize: 2 }),
    storedNames: async () => fake.objects(bucket).map((object) => object.name),
    close: async () => {},
  };
});

const source = (text: string) => Readable.from([Buffer.from(text)]);

describe('createGcsFileStorage', () => {
  it('streams uploads as resumable sessions the SDK validates, and downloads one generation', async () => {
    const bucket = freshBucket();
    const storage = createGcsFileStorage({ bucket, apiEndpoint: fake.url, maxRetries: 0 });
    const before = fake.requests().length;
    await storage.put('org/a.txt', source('one'), { maxBytes: 10 });
    expect(fake.requests().slice(before)).toEqual([
      // The conflict checks: nothing under "org/a.txt/", no file "org".
      `GET /storage/v1/b/${bucket}/o`,
      `GET /storage/v1/b/${bucket}/o/org`,
      `POST /upload/storage/v1/b/${bucket}/o`,
      `PUT /upload/storage/v1/b/${bucket}/o`,
    ]);
    const content = await storage.get('org/a.txt');
    await storage.put('org/a.txt', source('two!'), { maxBytes: 10 });
    // The stream opened before the replacement reads the generation it was opened on, or fails:
    // never the new bytes under the old size.
    const read = await content.stream.toArray().then(
      (chunks) => Buffer.concat(chunks).toString(),
      (error: { code: string }) => error.code,
    );
    expect(['one', 'FILE_NOT_FOUND']).toContain(read);
    expect(Buffer.concat(await (await storage.get('org/a.txt')).stream.toArray()).toString()).toBe('two!');
  });

  it('does not list objects put in the bucket by other means under names it would refuse', async () => {
    const bucket = freshBucket();
    const storage = createGcsFileStorage({ bucket, apiEndpoint: fake.url, maxRetries: 0 });
    const direct = new Storage({ apiEndpoint: fake.url }).bucket(bucket);
    for (const name of ['ok.txt', '.tmp/x', 'a//b', '../up', 'dot/./x']) {
      await direct.file(name).save(name, { resumable: false });
    }
    expect((await storage.list()).map((file) => file.name)).toEqual(['ok.txt']);
  });

  it('answers FILE_STORAGE_DENIED when the bucket refuses the credentials, naming no secret', async () => {
    const bucket = freshBucket();
    const storage = createGcsFileStorage({ bucket, apiEndpoint: fake.url, maxRetries: 0 });
    await storage.put('kept.txt', source('kept'), { maxBytes: 10 });
    fake.setAccess('denied');
    try {
      const denied = { code: 'FILE_STORAGE_DENIED', status: 503 };
      await expect(storage.put('new.txt', source('x'), { maxBytes: 10 })).rejects.toMatchObject(denied);
      await expect(storage.get('kept.txt')).rejects.toMatchObject(denied);
      await expect(storage.list()).rejects.toMatchObject(denied);
      await expect(storage.delete('kept.txt')).rejects.toMatchObject({
        message: expect.stringContaining('roles/storage.objectAdmin'),
      });
      fake.setAccess('unauthenticated');
      await expect(storage.stat('kept.txt')).rejects.toMatchObject(denied);
    } finally {
      fake.setAccess('allowed');
    }
    expect(fake.objects(bucket).map((object) => object.name)).toEqual(['kept.txt']);
  });

  it('maps a download refused after it was opened to FILE_STORAGE_DENIED on the stream', async () => {
    const bucket = freshBucket();
    const storage = createGcsFileStorage({ bucket, apiEndpoint: fake.url, maxRetries: 0 });
    await storage.put('kept.txt', source('kept'), { maxBytes: 10 });
    const content = await storage.get('kept.txt');
    fake.setAccess('denied');
    try {
      await expect(content.stream.toArray()).rejects.toMatchObject({ code: 'FILE_STORAGE_DENIED' });
    } finally {
      fake.setAccess('allowed');
    }
  });

  it('answers FILE_STORAGE_UNAVAILABLE when storage does not answer or the bucket is missing', async () => {
    const closed = await startFakeGcs();
    await closed.close();
    const unreachable = createGcsFileStorage({ bucket: 'b', apiEndpoint: closed.url, maxRetries: 0 });
    const unavailable = { code: 'FILE_STORAGE_UNAVAILABLE', status: 503 };
    await expect(unreachable.stat('a.txt')).rejects.toMatchObject(unavailable);
    const unread = source('x');
    await expect(unreachable.put('a.txt', unread, { maxBytes: 10 })).rejects.toMatchObject(unavailable);
    expect(unread.readableDidRead).toBe(false);

    const missing = createGcsFileStorage({ bucket: 'no-such-bucket', apiEndpoint: fake.url, maxRetries: 0 });
    await expect(missing.list()).rejects.toMatchObject({
      ...unavailable,
      message: expect.stringContaining('LIFEOSAI_FILES_BUCKET'),
    });
  });
});
