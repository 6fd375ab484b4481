import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { freePort } from '@lifeosai/testkit/ports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { forwardUpgrade, type UpgradeTunnel } from './upgrade-forward.ts';

/** The upstream: a real `ws` server that echoes, closes with a code, or refuses, by path. */
let upstream: Server;
let upstreamOrigin: string;
const upstreamSockets = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => [...offered][0] ?? false,
});
const seenHeaders: IncomingHttpHeaders[] = [];
const upstreamClosed: { code: number; reason: string }[] = [];
let lastUpstreamSocket: WebSocket | undefined;

/** The forwarder under test, in front of the upstream. */
let proxy: Server;
let proxyOrigin: string;
let proxyTarget = '';
const tunnels: UpgradeTunnel[] = [];

beforeAll(async () => {
  upstream = createServer((_request, response) => response.end('plain'));
  upstream.on('upgrade', (request: IncomingMessage, socket, head) => {
    seenHeaders.push(request.headers);
    if (request.url === '/refuse') {
      const body = JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'Sign in.' } });
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nx-upstream: yes\r\n\r\n${body}`,
      );
      return;
    }
    upstreamSockets.handleUpgrade(request, socket, head, (ws) => {
      lastUpstreamSocket = ws;
      ws.on('close', (code, reason) => upstreamClosed.push({ code, reason: reason.toString() }));
      if (request.url === '/close') ws.close(4001, 'bye from upstream');
      ws.on('message', (data: RawData, isBinary) => ws.send(data, { binary: isBinary }));
    });
  });
  const upstreamPort = await freePort();
  await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', resolve));
  upstreamOrigin = `http://127.0.0.1:${upstreamPort}`;
  proxyTarget = upstreamOrigin;

  proxy = createServer((_request, response) => response.end('proxy'));
  proxy.on('upgrade', (request, socket, head) => {
    tunnels.push(
      forwardUpgrade(request, socket, head, {
        origin: proxyTarget,
        service: 'Test upstream',
        set: { 'x-set-by-proxy': 'yes' },
        strip: ['cookie'],
        connectTimeoutMs: 500,
      }),
    );
  });
  const proxyPort = await freePort();
  await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
  proxyOrigin = `ws://127.0.0.1:${proxyPort}`;
});

afterAll(async () => {
  for (const tunnel of tunnels) tunnel.destroy();
  upstreamSockets.close();
  proxy.closeAllConnections();
  upstream.closeAllConnections();
  await Promise.all([
    new Promise((resolve) => proxy.close(resolve)),
    new Promise((resolve) => upstream.close(resolve)),
  ]);
});

async function open(
  path: string,
  options: ConstructorParameters<typeof WebSocket>[2] = {},
  protocols?: string[],
) {
  const client = new WebSocket(`${proxyOrigin}${path}`, protocols, options);
  await once(client, 'open');
  return client;
}

function nextMessage(client: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) =>
    client.once('message', (data: Buffer, isBinary) => resolve({ data, isBinary })),
  );
}

/** What a refused handshake answered: status and body. */
function refusal(path: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const client = new WebSocket(`${proxyOrigin}${path}`);
  client.on('error', () => {});
  return new Promise((resolve) => {
    client.once('unexpected-response', (_request, response: IncomingMessage) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
  });
}

describe('forwardUpgrade', () => {
  it('joins a WebSocket both ways: text and binary, the subprotocol negotiated upstream', async () => {
    const client = await open('/echo?room=1', { headers: { cookie: 'session=secret' } }, ['call.v1']);
    expect(client.protocol).toBe('call.v1');
    const headers = seenHeaders.at(-1)!;
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-set-by-proxy']).toBe('yes');
    expect(headers['sec-websocket-protocol']).toBe('call.v1');
    expect(headers.upgrade).toBe('websocket');

    client.send('hello');
    expect(await nextMessage(client)).toEqual({ data: Buffer.from('hello'), isBinary: false });
    const pcm = Buffer.from(Int16Array.from([0, 1000, -1000, 32767, -32768]).buffer);
    client.send(pcm);
    expect(await nextMessage(client)).toEqual({ data: pcm, isBinary: true });
    client.close();
    await once(client, 'close');
  });

  it('carries large frames intact', async () => {
    const client = await open('/echo');
    const large = Buffer.alloc(4 * 1024 * 1024);
    for (let index = 0; index < large.length; index++) large[index] = (index * 31) % 251;
    client.send(large);
    const echoed = await nextMessage(client);
    expect(echoed.data.equals(large)).toBe(true);
    client.close();
  });

  it('passes close codes both ways', async () => {
    const fromUpstream = new WebSocket(`${proxyOrigin}/close`);
    const [code, reason] = (await once(fromUpstream, 'close')) as [number, Buffer];
    expect(code).toBe(4001);
    expect(reason.toString()).toBe('bye from upstream');

    const client = await open('/echo');
    client.close(4002, 'bye from client');
    await expect.poll(() => upstreamClosed.at(-1)).toEqual({ code: 4002, reason: 'bye from client' });
  });

  it('passes the bytes that came with the handshake (its head) on', async () => {
    // A raw client sends its first frame in the same packet as the handshake.
    const mask = Buffer.from([1, 2, 3, 4]);
    const payload = Buffer.from('early');
    const frame = Buffer.concat([
      Buffer.from([0x81, 0x80 | payload.length]),
      mask,
      payload.map((byte, index) => byte ^ mask[index % 4]!),
    ]);
    const port = new URL(proxyOrigin).port;
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      Buffer.concat([
        Buffer.from(
          'GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        ),
        frame,
      ]),
    );
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
    });
    await expect.poll(() => received.includes(Buffer.from('early'))).toBe(true);
    expect(received.toString()).toMatch(
      /^HTTP\/1\.1 101 [\s\S]*sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/i,
    );
    socket.destroy();
  });

  it("passes the upstream's refusal back: status, headers and body", async () => {
    const refused = await refusal('/refuse');
    expect(refused.status).toBe(401);
    expect(refused.headers['x-upstream']).toBe('yes');
    expect(JSON.parse(refused.body).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 502 in JSON when the upstream is down, 504 when it never answers', async () => {
    proxyTarget = `http://127.0.0.1:${await freePort()}`;
    const down = await refusal('/echo');
    expect(down.status).toBe(502);
    expect(JSON.parse(down.body).error).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'The Test upstream is not reachable; retry shortly (is it running?).',
    });

    // Accepts the connection, reads the request, never answers.
    const silent: TcpServer = createTcpServer((socket) => socket.resume());
    const silentPort = await freePort();
    await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
    proxyTarget = `http://127.0.0.1:${silentPort}`;
    try {
      const slow = await refusal('/echo');
      expect(slow.status).toBe(504);
      expect(JSON.parse(slow.body).error.code).toBe('UPSTREAM_TIMEOUT');
    } finally {
      proxyTarget = upstreamOrigin;
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('closes the upstream when the client drops, and the client when the upstream drops', async () => {
    const client = await open('/echo');
    const upstreamSide = lastUpstreamSocket!;
    const tunnel = tunnels.at(-1)!;
    const upstreamClosed = once(upstreamSide, 'close');
    client.terminate();
    await upstreamClosed;
    await tunnel.closed;

    const second = await open('/echo');
    const secondClosed = once(second, 'close');
    lastUpstreamSocket!.terminate();
    const [code] = (await secondClosed) as [number];
    expect(code).toBe(1006);
    await tunnels.at(-1)!.closed;
  });

  it('ends both sockets when the tunnel is destroyed (a service shutting down)', async () => {
    const client = await open('/echo');
    const upstreamSide = lastUpstreamSocket!;
    const tunnel = tunnels.at(-1)!;
    const upstreamClosed = once(upstreamSide, 'close');
    const clientClosed = once(client, 'close');
    tunnel.destroy();
    expect(((await clientClosed) as [number])[0]).toBe(1006);
    await upstreamClosed;
    await tunnel.closed;
  });
});
