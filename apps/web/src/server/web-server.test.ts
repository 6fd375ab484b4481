import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { trustedNetworks } from '@lifeosai/http-kit/client-address';
import { freePort } from '@lifeosai/testkit/ports';
import { sendBytes, sendRaw } from '@lifeosai/testkit/raw-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { type StampOptions, stampClientAddress } from './stamp-client-address.ts';
import { createWebServer, routeUpgrades, type UpgradeRouter } from './web-server.ts';

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

describe("the web app's server, WebSocket upgrades", () => {
  /** The gateway stand-in: a real `ws` server recording what reached it. */
  let gateway: Server;
  const gatewaySockets = new WebSocketServer({ noServer: true });
  const reachedGateway: { url: string; headers: IncomingHttpHeaders }[] = [];
  const reachedNextUpgrade: string[] = [];
  let web: Server;
  let webOrigin: string;
  let router: UpgradeRouter;
  const stamp: StampOptions = {
    gatewayToken: 'gateway-token-for-the-test',
    proxies: { headers: ['x-forwarded-for'], proxies: trustedNetworks([]) },
  };

  beforeAll(async () => {
    gateway = createServer();
    gateway.on('upgrade', (request: IncomingMessage, socket, head) => {
      reachedGateway.push({ url: request.url ?? '', headers: request.headers });
      gatewaySockets.handleUpgrade(request, socket, head, (ws) =>
        ws.on('message', (data: RawData, isBinary) => ws.send(data, { binary: isBinary })),
      );
    });
    const gatewayPort = await freePort();
    await new Promise<void>((resolve) => gateway.listen(gatewayPort, '127.0.0.1', resolve));
    router = routeUpgrades({
      gatewayOrigin: `http://127.0.0.1:${gatewayPort}`,
      // Next's upgrade handler stands in as one that records what reached it and refuses it.
      // Like Next: ends an upgrade on a path it serves, leaves any other open.
      next: async (request, socket) => {
        reachedNextUpgrade.push(request.url ?? '');
        if (request.url?.startsWith('/_next/'))
          socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
      },
    });
    web = createWebServer(async (_request, response) => void response.end('next'));
    // As main.ts: stamped with the browser's address first.
    web.on('upgrade', (request, socket, head) => {
      stampClientAddress(request, stamp);
      router.handle(request, socket, head);
    });
    const webPort = await freePort();
    await new Promise<void>((resolve) => web.listen(webPort, '127.0.0.1', resolve));
    webOrigin = `ws://127.0.0.1:${webPort}`;
  });

  afterAll(async () => {
    router.close();
    gatewaySockets.close();
    web.closeAllConnections();
    gateway.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => web.close(resolve)),
      new Promise((resolve) => gateway.close(resolve)),
    ]);
  });

  it('passes /api upgrades to the gateway, stamped with the client address, bytes both ways', async () => {
    const client = new WebSocket(`${webOrigin}/api/agent/agents/agt_1/call?sessionId=s`, {
      headers: { cookie: 'session=abc', 'x-forwarded-for': '6.6.6.6', 'x-lifeosai-client-ip': '6.6.6.6' },
      origin: 'http://web.example',
    });
    await once(client, 'open');
    const arrived = reachedGateway.at(-1)!;
    expect(arrived.url).toBe('/api/agent/agents/agt_1/call?sessionId=s');
    // The gateway authenticates: the browser's cookie and Origin go on as they came.
    expect(arrived.headers.cookie).toBe('session=abc');
    expect(arrived.headers.origin).toBe('http://web.example');
    expect(arrived.headers['x-lifeosai-service-token']).toBe('gateway-token-for-the-test');
    expect(arrived.headers['x-lifeosai-client-ip']).toBe('127.0.0.1');
    expect(arrived.headers['x-forwarded-for']).toBe('127.0.0.1');
    const audio = Buffer.from(Int16Array.from([3, -3, 30_000]).buffer);
    client.send(audio);
    const [echoed, isBinary] = (await once(client, 'message')) as [Buffer, boolean];
    expect(isBinary).toBe(true);
    expect(echoed.equals(audio)).toBe(true);
    client.close();
    await once(client, 'close');
  });

  it('leaves every other upgrade to Next.js', async () => {
    const before = reachedGateway.length;
    const client = new WebSocket(`${webOrigin}/_next/webpack-hmr`);
    client.on('error', () => {});
    const [, response] = (await once(client, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(response.statusCode).toBe(400);
    expect(reachedNextUpgrade).toEqual(['/_next/webpack-hmr']);
    // One Next leaves open is not left hanging.
    const other = new WebSocket(`${webOrigin}/chat/somewhere`);
    other.on('error', () => {});
    const [, refused] = (await once(other, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(refused.statusCode).toBe(404);
    expect(reachedNextUpgrade).toEqual(['/_next/webpack-hmr', '/chat/somewhere']);
    expect(reachedGateway.length).toBe(before);
  });

  it('answers 502 in the contract shape when the gateway is down', async () => {
    const down = routeUpgrades({
      gatewayOrigin: `http://127.0.0.1:${await freePort()}`,
      next: async () => {},
    });
    const server = createServer();
    server.on('upgrade', (request, socket, head) => down.handle(request, socket, head));
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const client = new WebSocket(`ws://127.0.0.1:${port}/api/phone/twilio/stream`);
      client.on('error', () => {});
      const [, response] = (await once(client, 'unexpected-response')) as [unknown, IncomingMessage];
      expect(response.statusCode).toBe(502);
      let body = '';
      for await (const chunk of response) body += String(chunk);
      expect(JSON.parse(body).error.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
