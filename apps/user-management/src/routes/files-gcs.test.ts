import { createFileStorage } from '@lifeosai/files';
import { type FakeGcs, startFakeGcs } from '@lifeosai/testkit/fake-gcs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewaySettings } from '../settings.ts';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

const bucket = 'lifeosai-files-e2e';
const orgQuotaBytes = 64 * 1024;

let fake: FakeGcs;
let stack: TestStack;
let owner: TestUser;

beforeAll(async () => {
  fake = await startFakeGcs({ buckets: [bucket] });
  // Through the gateway's own settings: what LIFEOSAI_FILES_BACKEND=gcs starts in production.
  const settings = loadGatewaySettings({
    LIFEOSAI_HOME: '/tmp/lifeosai-files-gcs-test',
    LIFEOSAI_SERVICE_SECRET: 'files-gcs-test-service-secret-0123456789-abcdef',
    LIFEOSAI_FILES_BACKEND: 'gcs',
    LIFEOSAI_FILES_BUCKET: bucket,
    LIFEOSAI_GCS_API_ENDPOINT: fake.url,
  });
  stack = await startTestStack('sqlite', {
    maxUploadBytes: 32 * 1024,
    orgQuotaBytes,
    fileStorage: await createFileStorage(settings.filesBackend),
  });
  owner = await stack.signUp('Owner');
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

const objects = () => fake.objects(bucket).map((object) => object.name);

describe('files routes on Cloud Storage (the fake JSON API)', () => {
  it('uploads into the bucket under the organization, lists, downloads and deletes', async () => {
    const uploaded = await owner.client.upload('/api/files?name=notes/today.txt', 'x.txt', 'hello bucket');
    expect(uploaded.status).toBe(201);
    const key = `${owner.personalOrgId}/${uploaded.json.id}/notes/today.txt`;
    expect(objects()).toEqual([key]);

    const listed = await owner.client.get('/api/files?prefix=notes/');
    expect(listed.json.items.map((item: { name: string }) => item.name)).toEqual(['notes/today.txt']);
    expect(listed.json.usage.usedBytes).toBe(12);

    const download = await owner.client.get(`/api/files/${uploaded.json.id}/content`);
    expect(download.status).toBe(200);
    expect(download.text).toBe('hello bucket');
    expect(download.headers.get('content-length')).toBe('12');

    expect((await owner.client.delete(`/api/files/${uploaded.json.id}`)).status).toBe(204);
    expect(objects()).toEqual([]);
    expect((await owner.client.get(`/api/files/${uploaded.json.id}/content`)).status).toBe(404);
  });

  it('refuses escaping names and quota overruns as on a local folder, leaving no object', async () => {
    const escaping = await owner.client.upload(`/api/files?name=${encodeURIComponent('../../x')}`, 'x', 'x');
    expect(escaping.json.error.code).toBe('FILE_NAME_INVALID');
    for (let index = 0; index < 2; index++) {
      const part = await owner.client.upload(`/api/files?name=p${index}`, 'p', new Uint8Array(30 * 1024));
      expect(part.status).toBe(201);
    }
    const before = objects();
    const over = await owner.client.upload('/api/files?name=over', 'p', new Uint8Array(8 * 1024));
    expect([over.status, over.json.error.code]).toEqual([413, 'QUOTA_EXCEEDED']);
    expect(objects()).toEqual(before);
  });

  it('answers 503 FILE_STORAGE_DENIED when the bucket refuses the credentials, and records nothing', async () => {
    const user = await stack.signUp('Denied');
    fake.setAccess('denied');
    try {
      const refused = await user.client.upload('/api/files?name=a.txt', 'a.txt', 'x');
      expect(refused.status).toBe(503);
      expect(refused.json.error).toMatchObject({
        code: 'FILE_STORAGE_DENIED',
        message: expect.stringContaining(`bucket "${bucket}"`),
      });
    } finally {
      fake.setAccess('allowed');
    }
    expect((await user.client.get('/api/files')).json.items).toEqual([]);
  });
});
