import { createServer } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { listenOnConfiguredPort } from './service-lifecycle.ts';

describe('listenOnConfiguredPort', () => {
  it('names the port and the setting to change when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const app = Fastify();
    try {
      await expect(
        listenOnConfiguredPort(app, {
          host: '127.0.0.1',
          port,
          variable: 'LIFEOSAI_AGENT_API_PORT',
          configKey: 'agentApi',
        }),
      ).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: `port ${port} on 127.0.0.1 is in use. Set LIFEOSAI_AGENT_API_PORT (or ports.agentApi in config.json) to a free port.`,
      });
    } finally {
      await app.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('listens when the port is free', async () => {
    const app = Fastify();
    app.get('/healthz', async () => ({ status: 'ok' }));
    try {
      await listenOnConfiguredPort(app, { host: '127.0.0.1', port: 0, variable: 'X', configKey: 'x' });
      const { port } = app.server.address() as { port: number };
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
