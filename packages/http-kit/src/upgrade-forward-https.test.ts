/**
 * `forwardUpgrade` to an https origin (a Cloud Run service's run.app address, deploy/terraform):
 * the upstream handshake goes over TLS. The upstream is a real TLS server with a certificate made
 * for 127.0.0.1 by `openssl`, trusted for this file only (`tls.setDefaultCACertificates`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { freePort } from '@lifeosai/testkit/ports';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { forwardUpgrade, type UpgradeTunnel } from './upgrade-forward.ts';

const dir = mkdtempSync(join(tmpdir(), 'lifeosai-tls-'));
const defaultCertificates = getCACertificates('default');
let upstream: HttpsServer;
let proxy: Server;
let proxyPort: number;
const tunnels: UpgradeTunnel[] = [];
const sockets = new WebSocketServer({ noServer: true });
let seenProtocol = '';

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      ...[
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
      ],
      ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  setDefaultCACertificates([...defaultCertificates, cert]);
  upstream = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert });
  upstream.on('upgrade', (request, socket, head) => {
    seenProtocol = 'encrypted' in socket && socket.encrypted ? 'https' : 'http';
    sockets.handleUpgrade(request, socket, head, (ws) => ws.on('message', (data) => ws.send(`echo ${data}`)));
  });
  const upstreamPort = await freePort();
  await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', resolve));
  proxy = createServer();
  proxy.on('upgrade', (request, socket, head) => {
    tunnels.push(
      forwardUpgrade(request, socket, head, {
        origin: `https://127.0.0.1:${upstreamPort}`,
        service: 'TLS upstream',
      }),
    );
  });
  proxyPort = await freePort();
  await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const tunnel of tunnels) tunnel.destroy();
  sockets.close();
  proxy.closeAllConnections();
  upstream.closeAllConnections();
  await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => upstream.close(r))]);
  setDefaultCACertificates(defaultCertificates);
  rmSync(dir, { recursive: true, force: true });
});

it('joins a WebSocket to an https upstream over TLS', async () => {
  const client = new WebSocket(`ws://127.0.0.1:${proxyPort}/api/phone`);
  await new Promise((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  const reply = new Promise<string>((resolve) => client.once('message', (data) => resolve(String(data))));
  client.send('hello');
  expect(await reply).toBe('echo hello');
  expect(seenProtocol).toBe('https');
  client.close();
});
