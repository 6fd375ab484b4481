import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformSocketVariables } from '@lifeosai/harness-spec';
import { freePort } from '@lifeosai/testkit/ports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPlatformDirectly } from './platform-connection.ts';

const dispatcherKey = Symbol.for('undici.globalDispatcher.1');
const replaced = ['fetch', 'Headers', 'Request', 'Response', 'FormData', 'WebSocket', 'EventSource'] as const;
const globals = globalThis as unknown as Record<string | symbol, unknown>;

function answering(text: string): Server {
  return createServer((request, response) => response.end(`${text} ${request.url}`));
}

describe('connectPlatformDirectly', () => {
  const directory = mkdtempSync(join(tmpdir(), 'lifeosai-platform-socket-'));
  const socketPath = join(directory, 'egress.sock');
  const overSocket = answering('socket');
  const overTcp = answering('tcp');
  let tcpPort = 0;
  const saved = new Map<string | symbol, unknown>();

  beforeAll(async () => {
    for (const key of [...replaced, dispatcherKey]) saved.set(key, globals[key]);
    await new Promise<void>((resolve) => overSocket.listen(socketPath, resolve));
    tcpPort = await freePort();
    await new Promise<void>((resolve) => overTcp.listen(tcpPort, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const [key, value] of saved) globals[key] = value;
    await Promise.all([overSocket, overTcp].map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(directory, { recursive: true, force: true });
  });

  it('sends requests for the platform origin over the socket and every other one as before', async () => {
    // Nothing listens on the platform's TCP port: an answer can only come over the socket.
    const origin = `http://127.0.0.1:${await freePort()}`;
    expect(
      connectPlatformDirectly({
        [platformSocketVariables.socket]: socketPath,
        [platformSocketVariables.origin]: origin,
      }),
    ).toBe(true);
    expect(await (await fetch(`${origin}/llm/v1/messages`, { method: 'POST', body: '{}' })).text()).toBe(
      'socket /llm/v1/messages',
    );
    expect(await (await fetch(`http://127.0.0.1:${tcpPort}/elsewhere`)).text()).toBe('tcp /elsewhere');
  });

  it('changes nothing outside a sandbox that names a socket', () => {
    expect(connectPlatformDirectly({})).toBe(false);
    expect(connectPlatformDirectly({ [platformSocketVariables.socket]: socketPath })).toBe(false);
  });
});
