import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import replyFrom from '@fastify/reply-from';
import { contractServerOptions, installErrorHandling } from '@lifeosai/http-kit';
import Fastify, { type FastifyInstance } from 'fastify';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passBodiesThrough } from './body-limit.ts';
import { upstreamFailed } from './forwarding.ts';

const limit = 64 * 1024;

/**
 * A proxied route's body limit, seen from a client that keeps its connection: an oversize body
 * is refused, and the next request on the same connection is answered: the server never stops
 * reading mid-body (the fuzz test saw the request after a 413 hang for good).
 */
describe('the gateway body limit on proxied routes', () => {
  let upstream: Server;
  let gateway: FastifyInstance;
  let client: Client;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end('{"ok":true}'));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamOrigin = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    gateway = Fastify({ ...contractServerOptions });
    installErrorHandling(gateway);
    await gateway.register(replyFrom);
    await gateway.register(async (scope) => {
      passBodiesThrough(scope, limit);
      scope.all('/api/*', async (request, reply) =>
        reply.from(`${upstreamOrigin}${request.url}`, { onError: upstreamFailed('upstream') }),
      );
    });
    await gateway.listen({ host: '127.0.0.1', port: 0 });
    // One connection: every request after the first reuses it when the server allows.
    client = new Client(`http://127.0.0.1:${(gateway.server.address() as { port: number }).port}`, {
      pipelining: 1,
    });
  });
  afterAll(async () => {
    await client?.close();
    await gateway?.close();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  const send = async (options: Parameters<Client['request']>[0]) => {
    const response = await client.request({ ...options, signal: AbortSignal.timeout(5_000) });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  };
  const chunks = (bytes: number) =>
    Readable.from(
      (function* () {
        for (let sent = 0; sent < bytes; sent += 16 * 1024) yield Buffer.alloc(16 * 1024, 'a');
      })(),
    );

  it('cuts a chunked body over the limit with a 413, and answers the next request on the same connection', async () => {
    for (let round = 0; round < 5; round++) {
      const cut = await send({ method: 'POST', path: '/api/x', body: chunks(1024 * 1024) });
      expect(cut.status).toBe(413);
      expect(JSON.parse(cut.body).error.code).toBe('BODY_TOO_LARGE');
      expect((await send({ method: 'GET', path: '/api/y' })).status).toBe(200);
    }
  });

  it('refuses a declared length over the limit before reading it, and answers the next request', async () => {
    const refused = await send({
      method: 'POST',
      path: '/api/x',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(limit + 1, 'a'),
    });
    expect(refused.status).toBe(413);
    expect((await send({ method: 'POST', path: '/api/x', body: '{"small":true}' })).status).toBe(200);
  });
});
