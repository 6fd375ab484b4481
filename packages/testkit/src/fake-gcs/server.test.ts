import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32cBase64 } from './crc32c.ts';
import { type FakeGcs, startFakeGcs } from './server.ts';

let fake: FakeGcs;
beforeAll(async () => {
  fake = await startFakeGcs({ buckets: ['b'] });
});
afterAll(async () => fake?.close());

const api = (path: string, init?: RequestInit) => fetch(`${fake.url}${path}`, init);
const upload = (query: string, init: RequestInit) =>
  api(`/upload/storage/v1/b/b/o?${query}`, { method: 'POST', ...init });
interface ListPage {
  items?: { name: string }[];
  prefixes?: string[];
  nextPageToken?: string;
}
const json = async <T = Record<string, unknown>>(response: Response | Promise<Response>) =>
  (await (await response).json()) as T;
const names = () => fake.objects('b').map((object) => object.name);

describe('fake Cloud Storage JSON API', () => {
  it('takes media and multipart uploads and reports checksums as Cloud Storage does', async () => {
    const media = await upload('uploadType=media&name=a%2Fone.txt', { body: 'one' });
    expect(await media.json()).toMatchObject({
      name: 'a/one.txt',
      size: '3',
      crc32c: crc32cBase64(Buffer.from('one')),
      md5Hash: createHash('md5').update('one').digest('base64'),
    });
    const body = [
      '--xyz',
      'Content-Type: application/json',
      '',
      JSON.stringify({ name: 'a/two.txt', contentType: 'text/plain' }),
      '--xyz',
      'Content-Type: text/plain',
      '',
      'two',
      '--xyz--',
    ].join('\r\n');
    const multipart = await upload('uploadType=multipart', {
      body,
      headers: { 'content-type': 'multipart/related; boundary=xyz' },
    });
    expect(await multipart.json()).toMatchObject({ name: 'a/two.txt', contentType: 'text/plain', size: '3' });
    // The well-known CRC32C check value of "123456789".
    expect(Buffer.from(crc32cBase64(Buffer.from('123456789')), 'base64').toString('hex')).toBe('e3069283');
  });

  it('finalises a chunked resumable upload only with its last byte, answering 308 with Range before', async () => {
    const session = await upload('uploadType=resumable&name=chunked.bin', { body: '{}' });
    const location = session.headers.get('location')!;
    const first = await fetch(location, {
      method: 'PUT',
      body: 'abc',
      headers: { 'content-range': 'bytes 0-2/*' },
    });
    expect([first.status, first.headers.get('range')]).toEqual([308, 'bytes=0-2']);
    const status = await fetch(location, { method: 'PUT', headers: { 'content-range': 'bytes */*' } });
    expect(status.status).toBe(308);
    expect(names()).not.toContain('chunked.bin');
    const last = await fetch(location, {
      method: 'PUT',
      body: 'de',
      headers: { 'content-range': 'bytes 3-4/5' },
    });
    expect(await last.json()).toMatchObject({ name: 'chunked.bin', size: '5' });
  });

  it('leaves no object when an upload request is cut off', async () => {
    const session = await upload('uploadType=resumable&name=cut.bin', { body: '{}' });
    const url = new URL(session.headers.get('location')!);
    const cut = request(url, {
      method: 'PUT',
      headers: { 'content-range': 'bytes 0-*/*', 'content-length': 100 },
    });
    cut.on('error', () => {});
    cut.write('only part');
    await new Promise((resolve) => setTimeout(resolve, 50));
    cut.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(names()).not.toContain('cut.bin');
    expect(fake.pendingUploads()).toBeGreaterThan(0);
  });

  it('serves ranges, lists by prefix and delimiter across pages, and honours ifGenerationMatch', async () => {
    await upload('uploadType=media&name=r.txt', { body: '0123456789' });
    const range = (value: string) => api('/storage/v1/b/b/o/r.txt?alt=media', { headers: { range: value } });
    const middle = await range('bytes=2-4');
    expect([middle.status, await middle.text(), middle.headers.get('content-range')]).toEqual([
      206,
      '234',
      'bytes 2-4/10',
    ]);
    expect(await (await range('bytes=-3')).text()).toBe('789');
    expect((await range('bytes=20-')).status).toBe(416);

    for (const name of ['p/1', 'p/2', 'p/3', 'p/sub/4'])
      await upload(`uploadType=media&name=${encodeURIComponent(name)}`, { body: name });
    const page = await json<ListPage>(api('/storage/v1/b/b/o?prefix=p%2F&delimiter=%2F&maxResults=2'));
    expect(page.items!.map((item) => item.name)).toEqual(['p/1', 'p/2']);
    const rest = await json<ListPage>(
      api(`/storage/v1/b/b/o?prefix=p%2F&delimiter=%2F&pageToken=${page.nextPageToken}`),
    );
    expect([rest.items!.map((item) => item.name), rest.prefixes, rest.nextPageToken]).toEqual([
      ['p/3'],
      ['p/sub/'],
      undefined,
    ]);

    const current = (await json(api('/storage/v1/b/b/o/r.txt'))).generation;
    expect((await upload('uploadType=media&name=r.txt&ifGenerationMatch=0', { body: 'x' })).status).toBe(412);
    expect((await api('/storage/v1/b/b/o/r.txt?ifGenerationMatch=1', { method: 'DELETE' })).status).toBe(412);
    expect(
      (await api(`/storage/v1/b/b/o/r.txt?ifGenerationMatch=${current}`, { method: 'DELETE' })).status,
    ).toBe(204);
    const missing = await api('/storage/v1/b/b/o/r.txt');
    expect([
      missing.status,
      (await json<{ error: { errors: { reason: string }[] } }>(missing)).error.errors[0]!.reason,
    ]).toEqual([404, 'notFound']);
    expect((await api('/storage/v1/b/nope/o')).status).toBe(404);
  });
});
