import type { Server } from 'node:http';
import { sendBytes, sendRaw } from '@lifeosai/testkit/raw-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer } from './web-server.ts';

let server: Server;
let origin: string;
const reachedNext: string[] = [];

beforeAll(async () => {
  // Next.js's handler stands in as one that records what reached it.
  server = createWebServer(async (request, response) => {
    reachedNext.push(`${request.method} ${request.url}`);
    response.end('next');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("the web app's server", () => {
  it('hands every well-formed request to Next.js', async () => {
    const response = await sendRaw({
      origin,
      method: 'POST',
      path: '/api/agent/agents?q=%C3%A9',
      body: '{}',
    });
    expect(response.body).toBe('next');
    expect(reachedNext).toContain('POST /api/agent/agents?q=%C3%A9');
  });

  it('answers a malformed %-escape itself: JSON under /api, a page elsewhere', async () => {
    const api = await sendRaw({ origin, method: 'GET', path: '/api/agent/agents/%ff' });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error.code).toBe('BAD_URL');
    const page = await sendRaw({ origin, method: 'GET', path: '/agents/%E0%A4%A' });
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('This address is not valid');
    expect(reachedNext.some((line) => line.includes('%ff') || line.includes('%A4%A'))).toBe(false);
  });

  it('refuses a method the /api proxy does not forward with the contract 405', async () => {
    const response = await sendRaw({ origin, method: 'PROPFIND', path: '/api/me' });
    expect(response.status).toBe(405);
    expect(JSON.parse(response.body).error.code).toBe('METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toContain('PATCH');
  });

  it('answers what Node refuses before any handler in JSON', async () => {
    const large = await sendRaw({
      origin,
      method: 'GET',
      path: '/api/me',
      headers: { 'x-big': 'b'.repeat(40_000) },
    });
    expect(large.status).toBe(431);
    expect(JSON.parse(large.body).error.code).toBe('HEADERS_TOO_LARGE');
    expect(await sendBytes(origin, 'GET / HTTP/1.1\r\nBroken\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400 [\s\S]*"BAD_REQUEST"/,
    );
  });
});
