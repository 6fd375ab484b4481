import { createServer, type Server } from 'node:net';
import { freePort } from '@lifeosai/testkit/ports';
import { afterEach, expect, it } from 'vitest';
import { busyPlatformPorts, platformRunningMessage } from './platform-stopped.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listenOn(port: number): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

it('names the platform ports in use, and none when everything is stopped', async () => {
  const ports = {
    web: await freePort(),
    userManagement: await freePort(),
    auth: await freePort(),
    agentApi: await freePort(),
  };
  expect(await busyPlatformPorts(ports)).toEqual([]);
  await listenOn(ports.auth);
  await listenOn(ports.agentApi);
  const busy = await busyPlatformPorts(ports);
  expect(busy).toEqual([
    { service: 'auth', port: ports.auth },
    { service: 'agentApi', port: ports.agentApi },
  ]);
  const message = platformRunningMessage(busy, '/srv/lifeosai', 'The services hold the old key.');
  expect(message).toContain(`port ${ports.auth} (auth), ${ports.agentApi} (agentApi) are in use`);
  expect(message).toContain('The services hold the old key.');
  expect(message).toContain('LIFEOSAI_AUTH_PORT');
});
