import { describe, expect, it } from 'vitest';
import { streamedBody } from './streamed-body.ts';

/** A client's request whose body has `chunks` chunks of 1 KiB, counting how many were read. */
function upload(chunks: number, headers: Record<string, string>) {
  const read = { count: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (read.count === chunks) return controller.close();
      read.count += 1;
      controller.enqueue(new Uint8Array(1024));
    },
  });
  const request = new Request('http://web.test/api/files', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
  return { request, read };
}

describe('streamedBody', () => {
  it('forwards nothing for a GET, or a body that declares none', () => {
    const get = streamedBody(new Request('http://web.test/api/me'), new Headers());
    expect(get.init).toEqual({ body: null });
    const empty = streamedBody(upload(0, { 'content-length': '0' }).request, new Headers());
    expect(empty.init.body).toBeNull();
  });

  it('streams a declared body as it comes and forwards its Content-Length', async () => {
    const { request, read } = upload(4, { 'content-length': '4096' });
    const upstream = new Headers();
    const body = streamedBody(request, upstream);
    expect(upstream.get('content-length')).toBe('4096');
    expect(body.init.duplex).toBe('half');
    expect(read.count).toBeLessThan(4);
    expect((await new Response(body.init.body).arrayBuffer()).byteLength).toBe(4096);
  });

  it('after an early answer, reads and drops the rest, so the connection is free again', async () => {
    const { request, read } = upload(50, { 'transfer-encoding': 'chunked' });
    const upstream = new Headers();
    const body = streamedBody(request, upstream);
    expect(upstream.get('content-length')).toBeNull();
    const reader = body.init.body!.getReader();
    await reader.read();
    body.finish();
    await expect.poll(() => read.count).toBe(50);
    // The upstream gets at most what was already on its way, then the end.
    let forwardedAfter = 0;
    while (!(await reader.read()).done) forwardedAfter += 1;
    expect(forwardedAfter).toBeLessThanOrEqual(1);
  });
});
