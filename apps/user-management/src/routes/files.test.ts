import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileMetaSchema, filePageSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

const maxUploadBytes = 64 * 1024;
const orgQuotaBytes = 256 * 1024;

let stack: TestStack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startTestStack('sqlite', { maxUploadBytes, orgQuotaBytes });
  owner = await stack.signUp('Owner');
}, 60_000);

afterAll(async () => stack?.close());

/** Every file under the storage root, relative to it (temp files included). */
function storedFiles(): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(stack.filesRoot, path));
    }
  };
  walk(stack.filesRoot);
  return out.sort();
}

async function fileRows(orgId: string) {
  return stack.database.db.selectFrom('files').selectAll().where('orgId', '=', orgId).execute();
}

const bytes = (count: number, fill = 97) => new Uint8Array(count).fill(fill);

describe('uploads', () => {
  it('stores a file under <root>/<orgId>/… and serves it back as an attachment', async () => {
    const uploaded = await owner.client.upload(
      '/api/files?name=notes/today.txt',
      'ignored.txt',
      'hello files',
    );
    expect(uploaded.status).toBe(201);
    expectContract(fileMetaSchema, uploaded.json);
    expectContract(fileMetaSchema, (await owner.client.get(`/api/files/${uploaded.json.id}`)).json);
    expect(uploaded.json).toMatchObject({ name: 'notes/today.txt', size: 11, contentType: 'text/plain' });
    expect(storedFiles()).toContain(`${owner.personalOrgId}/${uploaded.json.id}/notes/today.txt`);

    const download = await owner.client.get(`/api/files/${uploaded.json.id}/content`);
    expect(download.status).toBe(200);
    expect(download.text).toBe('hello files');
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''today.txt");
    expect(download.headers.get('content-security-policy')).toContain('sandbox');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['../../etc/passwd'],
    ['notes/../../../escape.txt'],
    ['/etc/passwd'],
    ['C:evil.txt'],
    ['folder\\evil.txt'],
    ['new\nline.txt'],
    ['invoice\u202efdp.exe'],
    ['isolated\u2066name.txt'],
    ['double//slash.txt'],
    ['.'],
  ])('refuses the name %j with 400 FILE_NAME_INVALID and writes nothing', async (name) => {
    const before = storedFiles();
    const rowsBefore = (await fileRows(owner.personalOrgId)).length;
    const response = await owner.client.upload(
      `/api/files?name=${encodeURIComponent(name)}`,
      'x.txt',
      'payload',
    );
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('FILE_NAME_INVALID');
    expect(storedFiles()).toEqual(before);
    expect(await fileRows(owner.personalOrgId)).toHaveLength(rowsBefore);
  });

  it('refuses a NUL in the name like a NUL in any query parameter (400 naming it) and writes nothing', async () => {
    const before = storedFiles();
    const response = await owner.client.upload(
      `/api/files?name=${encodeURIComponent('nul\u0000byte.txt')}`,
      'x.txt',
      'payload',
    );
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/^name: /),
    });
    expect(storedFiles()).toEqual(before);
  });

  it('keeps only the base name of a multipart filename, so a path there cannot escape', async () => {
    const response = await owner.client.upload('/api/files', '../../outside.txt', 'payload');
    expect(response.status).toBe(201);
    expect(response.json.name).toBe('outside.txt');
    expect(storedFiles()).toContain(`${owner.personalOrgId}/${response.json.id}/outside.txt`);
    expect(storedFiles().every((path) => !path.startsWith('..'))).toBe(true);
  });

  it('accepts exactly the size limit and refuses one byte more with 413, leaving nothing behind', async () => {
    const atLimit = await owner.client.upload(
      '/api/files?name=limit.bin',
      'limit.bin',
      bytes(maxUploadBytes),
    );
    expect(atLimit.status).toBe(201);
    const before = storedFiles();
    const rowsBefore = (await fileRows(owner.personalOrgId)).length;
    const over = await owner.client.upload('/api/files?name=over.bin', 'over.bin', bytes(maxUploadBytes + 1));
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe('FILE_TOO_LARGE');
    expect(over.json.error.message).toContain(`${maxUploadBytes}-byte`);
    expect(storedFiles()).toEqual(before);
    expect(await fileRows(owner.personalOrgId)).toHaveLength(rowsBefore);
  });

  it('refuses a body far past the limit before reading it', async () => {
    const before = storedFiles();
    const huge = await owner.client.upload('/api/files?name=huge.bin', 'huge.bin', bytes(2 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('FILE_TOO_LARGE');
    expect(storedFiles()).toEqual(before);
  });

  it('refuses an existing name unless asked to overwrite, and an overwrite replaces the bytes', async () => {
    const first = await owner.client.upload('/api/files?name=same.txt', 'same.txt', 'first');
    const again = await owner.client.upload('/api/files?name=same.txt', 'same.txt', 'second');
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('FILE_EXISTS');
    const replaced = await owner.client.upload(
      '/api/files?name=same.txt&overwrite=true',
      'same.txt',
      'second!',
    );
    expect(replaced.status).toBe(201);
    expect((await owner.client.get(`/api/files/${replaced.json.id}/content`)).text).toBe('second!');
    expect((await owner.client.get(`/api/files/${first.json.id}`)).status).toBe(404);
    expect(storedFiles().filter((path) => path.endsWith('/same.txt'))).toEqual([
      `${owner.personalOrgId}/${replaced.json.id}/same.txt`,
    ]);
  });

  it('answers clear 4xx for requests that are not a file upload', async () => {
    const json = await owner.client.post('/api/files', { not: 'multipart' });
    expect(json.status).toBe(415);
    expect(json.json.error.code).toBe('MULTIPART_REQUIRED');
    const form = new FormData();
    form.append('comment', 'no file here');
    const empty = await owner.client.request('POST', '/api/files', { form });
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe('FILE_MISSING');
  });

  it('deletes the row and the bytes', async () => {
    const uploaded = await owner.client.upload('/api/files?name=gone.txt', 'gone.txt', 'soon gone');
    expect((await owner.client.delete(`/api/files/${uploaded.json.id}`)).status).toBe(204);
    expect(storedFiles().some((path) => path.includes(uploaded.json.id))).toBe(false);
    expect((await owner.client.get(`/api/files/${uploaded.json.id}/content`)).status).toBe(404);
  });
});

describe('organization quota', () => {
  it('refuses the upload that would pass the quota with 413 QUOTA_EXCEEDED, leaving nothing behind', async () => {
    const user = await stack.signUp('Quota');
    const chunk = 60 * 1024;
    for (let index = 0; index < 4; index++) {
      expect(
        (await user.client.upload(`/api/files?name=part-${index}.bin`, 'p.bin', bytes(chunk))).status,
      ).toBe(201);
    }
    const before = storedFiles();
    const over = await user.client.upload('/api/files?name=one-more.bin', 'p.bin', bytes(20 * 1024));
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe('QUOTA_EXCEEDED');
    expect(storedFiles()).toEqual(before);
    const listed = await user.client.get('/api/files');
    expectContract(filePageSchema, listed.json);
    expect(listed.json.usage).toEqual({ usedBytes: 4 * chunk, quotaBytes: orgQuotaBytes });
    // What still fits, fits.
    expect((await user.client.upload('/api/files?name=small.bin', 'p.bin', bytes(1024))).status).toBe(201);
  });

  it('holds under concurrent uploads: never more than the quota is stored', async () => {
    const user = await stack.signUp('Racer');
    const chunk = 60 * 1024;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        user.client.upload(`/api/files?name=race-${index}.bin`, 'r.bin', bytes(chunk)),
      ),
    );
    const accepted = results.filter((result) => result.status === 201);
    const refused = results.filter((result) => result.status === 413);
    expect(accepted).toHaveLength(4);
    expect(refused).toHaveLength(4);
    for (const result of refused) expect(result.json.error.code).toBe('QUOTA_EXCEEDED');
    const stored = storedFiles().filter((path) => path.startsWith(`${user.personalOrgId}/`));
    expect(stored).toHaveLength(4);
    expect(storedFiles().filter((path) => path.startsWith('.tmp/'))).toEqual([]);
  });
});
