import { sendBytes, sendRaw } from '@lifeosai/testkit/raw-http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installErrorHandling } from './error-handling.ts';
import { contractServerOptions } from './server-options.ts';

let app: FastifyInstance;
let origin: string;

beforeAll(async () => {
  app = Fastify({ ...contractServerOptions, bodyLimit: 1000 });
  installErrorHandling(app);
  app.get('/items/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.get('/search', async (request) => request.query);
  app.post('/items', async (request) => z.object({ name: z.string() }).strict().parse(request.body));
  // Answers written by a route itself, the way better-auth's handler does.
  app.get('/limited', async (_request, reply) =>
    reply.status(429).type('text/plain').send(Buffer.from('{"message":"Too many requests. Try later."}')),
  );
  app.get('/foreign-shape', async (_request, reply) =>
    reply.status(400).send({ code: 'INVALID_EMAIL', message: 'Invalid email' }),
  );
  app.get('/html-error', async (_request, reply) => reply.status(403).type('text/html').send('<h1>No</h1>'));
  origin = await app.listen({ host: '127.0.0.1', port: 0 });
}, 30_000);

afterAll(async () => app?.close());

function expectContractError(response: { status: unknown; body: string }, status: number, code?: string) {
  expect(response.status, response.body).toBe(status);
  const body = JSON.parse(response.body);
  expect(body.error.code).toMatch(code ? new RegExp(`^${code}$`) : /^[A-Z][A-Z0-9_]*$/);
  expect(body.error.message.length).toBeGreaterThan(10);
  return body;
}

describe('answers in the contract shape for', () => {
  it.each([
    ['a malformed escape in the path', '/items/%ff'],
    ['a truncated escape in the path', '/items/%E0%A4%A'],
    ['a malformed escape in the query', '/search?q=%ff'],
    ['a non-hex escape in the query', '/search?q=%zz'],
    ['a malformed escape on an unknown route', '/nowhere/x?y=%C0%80'],
  ])('%s: 400 BAD_URL', async (_case, path) => {
    expectContractError(await sendRaw({ origin, method: 'GET', path }), 400, 'BAD_URL');
  });

  it('a NUL in a path parameter, the query or a JSON body: 400 naming where', async () => {
    const param = expectContractError(await sendRaw({ origin, method: 'GET', path: '/items/a%00b' }), 400);
    expect(param.error.message).toMatch(/^id: contains a NUL/);
    const query = expectContractError(await sendRaw({ origin, method: 'GET', path: '/search?q=%00' }), 400);
    expect(query.error.message).toMatch(/^q: contains a NUL/);
    const body = expectContractError(
      await sendRaw({
        origin,
        method: 'POST',
        path: '/items',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"a\\u0000b"}',
      }),
      400,
      'INVALID_REQUEST',
    );
    expect(body.error.message).toMatch(/^name: contains a NUL/);
  });

  it('a body over the limit by its Content-Length, and counted when chunked: 413', async () => {
    const big = `{"name":"${'x'.repeat(5000)}"}`;
    const json = { 'content-type': 'application/json' };
    for (const chunked of [false, true]) {
      const response = await sendRaw({
        origin,
        method: 'POST',
        path: '/items',
        headers: json,
        body: big,
        chunked,
      });
      expect(expectContractError(response, 413, 'BODY_TOO_LARGE').error.message).toContain('1000-byte');
    }
  });

  it('broken JSON, an empty JSON body, another media type', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      sendRaw({ origin, method: 'POST', path: '/items', headers, body });
    expectContractError(await post({ 'content-type': 'application/json' }, '{"name":'), 400, 'INVALID_JSON');
    expectContractError(await post({ 'content-type': 'application/json' }, ''), 400, 'INVALID_JSON');
    expectContractError(await post({ 'content-type': 'text/csv' }, 'a,b'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectContractError(await post({ 'content-type': 'application/json' }, '{"__proto__":{"x":1}}'), 400);
  });

  it('an unknown route: 404', async () => {
    expectContractError(await sendRaw({ origin, method: 'DELETE', path: '/nothing' }), 404, 'NOT_FOUND');
  });

  it("a route's own 429 text, foreign JSON and HTML: reshaped, their own fields kept", async () => {
    const limited = expectContractError(
      await sendRaw({ origin, method: 'GET', path: '/limited' }),
      429,
      'RATE_LIMITED',
    );
    expect(limited.error.message).toBe('Too many requests. Try later.');
    const foreign = expectContractError(
      await sendRaw({ origin, method: 'GET', path: '/foreign-shape' }),
      400,
      'INVALID_EMAIL',
    );
    expect(foreign).toMatchObject({ code: 'INVALID_EMAIL', message: 'Invalid email' });
    expectContractError(await sendRaw({ origin, method: 'GET', path: '/html-error' }), 403, 'FORBIDDEN');
  });

  it('headers over the limit, answered by Node before Fastify: 431', async () => {
    for (const size of [20_000, 200_000]) {
      const response = await sendRaw({
        origin,
        method: 'GET',
        path: '/search',
        headers: { 'x-big': 'a'.repeat(size) },
      });
      expectContractError(response, 431, 'HEADERS_TOO_LARGE');
    }
  });

  it('a request that is not HTTP: 400', async () => {
    const answer = await sendBytes(origin, 'GET /search HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('BAD_REQUEST');
  });

  it('an overlong path parameter: 414', async () => {
    expectContractError(
      await sendRaw({ origin, method: 'GET', path: `/items/${'i'.repeat(500)}` }),
      414,
      'URL_TOO_LONG',
    );
  });

  it('a schema failure: 400 naming the field', async () => {
    const response = await sendRaw({
      origin,
      method: 'POST',
      path: '/items',
      headers: { 'content-type': 'application/json' },
      body: '{"name":5}',
    });
    expect(expectContractError(response, 400, 'INVALID_REQUEST').error.message).toMatch(/^name: /);
  });
});
