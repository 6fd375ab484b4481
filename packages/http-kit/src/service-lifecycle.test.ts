import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { listenOnConfiguredPort, supervisedVariable } from './service-lifecycle.ts';

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

describe('runService', () => {
  // A service process whose start and stop say so on stdout.
  const script = `
    import { runService } from ${JSON.stringify(join(import.meta.dirname, 'service-lifecycle.ts'))};
    runService('Test service', async () => {
      const timer = setInterval(() => undefined, 1000);
      console.log('started');
      return {
        logger: { info: (fields, message) => console.log(message, JSON.stringify(fields)) },
        async stop() { clearInterval(timer); console.log('stopped'); },
      };
    });
  `;
  const launch = (env: Record<string, string>) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const started = async () => {
      while (!output.includes('started')) {
        if (child.exitCode !== null) throw new Error(output);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    return { child, exited, started, output: () => output };
  };

  it('launched by the supervisor, stops and exits 0 when its stdin ends (the supervisor is gone)', async () => {
    const service = launch({ [supervisedVariable]: 'test-1' });
    await service.started();
    service.child.stdin.end();
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('stopping {"signal":"the supervisor is gone (stdin ended)"}');
    expect(service.output()).toContain('stopped');
  });

  it('run on its own (a container, a shell), keeps serving when its stdin ends', async () => {
    const service = launch({});
    await service.started();
    service.child.stdin.end();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(service.child.exitCode).toBeNull();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('stopping {"signal":"SIGTERM"}');
  });
});
