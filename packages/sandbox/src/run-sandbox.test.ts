import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { dirname, join } from 'node:path';
import { isRunning } from '@lifeosai/harness-kit';
import { platformSocketVariables } from '@lifeosai/harness-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cgroupsAvailable } from './cgroups.ts';
import type { PlatformHandler } from './egress-server.ts';
import { openRunSandbox, type RunSandbox } from './run-sandbox.ts';
import { loadSandboxSettings } from './settings.ts';
import { type FakeHome, finish, makeFakeHome } from './test-support.ts';

const node = process.execPath;

/** A stand-in for the platform: answers every request with its method and path. */
function startPlatform(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({ method: request.method, path: request.url, auth: request.headers.authorization }),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    }),
  );
}

function startTcp(): Promise<{ server: TcpServer; port: number }> {
  const server = createTcpServer((socket) => socket.end('host-service\n'));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    ),
  );
}

/** Runs a Node script in the sandbox; resolves with what it printed. */
async function runNode(
  sandbox: RunSandbox,
  home: FakeHome,
  script: string,
  env: Record<string, string> = {},
) {
  return finish(
    sandbox.launcher.spawn({
      command: node,
      args: ['-e', script],
      cwd: home.workspace,
      env: { PATH: '/usr/bin:/bin', HOME: home.state, ...env },
    }),
  );
}

async function runShell(sandbox: RunSandbox, home: FakeHome, command: string) {
  return finish(
    sandbox.launcher.spawn({
      command: '/bin/sh',
      args: ['-c', command],
      cwd: home.workspace,
      env: { PATH: '/usr/bin:/bin', HOME: home.state },
    }),
  );
}

describe('a run sandbox (bubblewrap)', () => {
  let home: FakeHome;
  let platform: { server: Server; origin: string };
  let hostService: { server: TcpServer; port: number };
  let tunnelled: { server: TcpServer; port: number };
  let sandbox: RunSandbox;
  let plugin: string;
  const refused: string[] = [];

  beforeAll(async () => {
    home = makeFakeHome();
    writeFileSync(join(home.home, 'master.key'), 'MASTER-KEY-CANARY\n', { mode: 0o600 });
    plugin = join(home.home, 'plugins', 'sha256-abc');
    // Writable by anyone on the host: only the read-only bind stops the run.
    mkdirSync(plugin, { recursive: true, mode: 0o777 });
    chmodSync(plugin, 0o777);
    writeFileSync(join(plugin, 'SKILL.md'), 'PLUGIN-SKILL-TEXT\n', { mode: 0o666 });
    chmodSync(join(plugin, 'SKILL.md'), 0o666);
    writeFileSync(join(home.otherWorkspace, 'notes.txt'), 'OTHER-AGENT-CANARY\n');
    platform = await startPlatform();
    hostService = await startTcp();
    tunnelled = await startTcp();
    const settings = loadSandboxSettings({
      LIFEOSAI_SANDBOX_ALLOW: `127.0.0.1:${tunnelled.port}`,
      LIFEOSAI_SANDBOX_MAX_PROCESSES: '64',
      LIFEOSAI_SANDBOX_MEMORY_MB: '1024',
      LIFEOSAI_SANDBOX_FILE_SIZE_MB: '1',
    });
    sandbox = await openRunSandbox(
      {
        agentId: 'agt_one',
        workspace: home.workspace,
        stateDirectory: home.state,
        platformOrigin: platform.origin,
        lookup: async (name) => (name === 'metadata.test' ? ['169.254.169.254'] : ['203.0.114.7']),
        onEgressRefused: (target) => refused.push(target),
        readOnly: { root: join(home.home, 'plugins'), folders: [plugin] },
      },
      settings,
      'bubblewrap',
    );
  });

  afterAll(async () => {
    await sandbox?.close();
    await new Promise((resolve) => platform?.server.close(resolve));
    await new Promise((resolve) => hostService?.server.close(resolve));
    await new Promise((resolve) => tunnelled?.server.close(resolve));
    home?.remove();
  });

  it('shows the run its own folders only: no key files, no other agent, nothing of the home directories', async () => {
    const { stdout, code } = await runShell(
      sandbox,
      home,
      `echo written > out.txt && cat out.txt; ls ${home.home} 2>&1; cat ${join(home.home, 'master.key')} 2>&1; cat ${join(home.otherWorkspace, 'notes.txt')} 2>&1; ls /root /home 2>&1; touch /usr/x 2>&1; id -u`,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('written');
    expect(stdout).not.toContain('MASTER-KEY-CANARY');
    expect(stdout).not.toContain('OTHER-AGENT-CANARY');
    expect(stdout).toMatch(/master\.key: No such file/);
    expect(stdout).toMatch(/Read-only file system/);
    const uid = Number(stdout.trim().split('\n').at(-1));
    expect(uid).toBeGreaterThan(0);
  });

  it("lets the run read an enabled plugin's folder and not write it; the rest of the home stays hidden", async () => {
    const { stdout } = await runShell(
      sandbox,
      home,
      `cat ${join(plugin, 'SKILL.md')}; touch ${join(plugin, 'planted')} 2>&1; (echo more >> ${join(plugin, 'SKILL.md')}) 2>&1; ls ${join(home.home, 'plugins')}; ls ${home.home}; cat ${join(home.home, 'master.key')} 2>&1`,
    );
    expect(stdout).toContain('PLUGIN-SKILL-TEXT');
    expect(stdout.match(/Read-only file system/g)).toHaveLength(2);
    expect(readFileSync(join(plugin, 'SKILL.md'), 'utf8')).toBe('PLUGIN-SKILL-TEXT\n');
    expect(stdout).not.toContain('MASTER-KEY-CANARY');
    expect(stdout).toMatch(/master\.key: No such file/);
  });

  it('refuses read-only folders outside the plugin cache, the cache itself, and symbolic links out of it', async () => {
    const root = join(home.home, 'plugins');
    const link = join(root, 'sha256-link');
    symlinkSync(home.home, link);
    const open = (folder: string) =>
      openRunSandbox(
        {
          agentId: 'agt_one',
          workspace: home.workspace,
          stateDirectory: home.state,
          platformOrigin: platform.origin,
          readOnly: { root, folders: [folder] },
        },
        loadSandboxSettings({}),
        'bubblewrap',
      );
    await expect(open(home.otherWorkspace)).rejects.toThrow(/not inside/);
    await expect(open(root)).rejects.toThrow(/not inside/);
    await expect(open(link)).rejects.toThrow(/symbolic link/);
    await expect(open(`${root}/../agents`)).rejects.toThrow(/normalised/);
    await expect(open('plugins/sha256-abc')).rejects.toThrow(/normalised/);
    // A link above the cache (the home moved behind a symbolic link) is fine.
    const linkedHome = `${home.home}-linked`;
    symlinkSync(home.home, linkedHome);
    try {
      const opened = await openRunSandbox(
        {
          agentId: 'agt_one',
          workspace: home.workspace,
          stateDirectory: home.state,
          platformOrigin: platform.origin,
          readOnly: {
            root: join(linkedHome, 'plugins'),
            folders: [join(linkedHome, 'plugins', 'sha256-abc')],
          },
        },
        loadSandboxSettings({}),
        'bubblewrap',
      );
      await opened.close();
    } finally {
      rmSync(linkedHome);
    }
  });

  it('gives the run its own PID namespace: no other process, no other environment', async () => {
    process.env.LIFEOSAI_SANDBOX_TEST_CANARY = 'HOST-ENV-CANARY';
    try {
      const { stdout } = await runShell(
        sandbox,
        home,
        'for f in /proc/[0-9]*/environ; do cat "$f" 2>/dev/null | tr "\\0" "\\n"; done; ls /proc | grep -c "^[0-9]"',
      );
      expect(stdout).not.toContain('HOST-ENV-CANARY');
      expect(Number(stdout.trim().split('\n').at(-1))).toBeLessThan(10);
    } finally {
      delete process.env.LIFEOSAI_SANDBOX_TEST_CANARY;
    }
  });

  it('reaches the platform only at its API and LLM paths, through the same address inside', async () => {
    const port = new URL(platform.origin).port;
    const { stdout } = await runNode(
      sandbox,
      home,
      `(async () => {
        const api = await fetch('${sandbox.platformOrigin}/api/agent/agents/me', { headers: { authorization: 'Bearer t' } });
        console.log(api.status, await api.text());
        const other = await fetch('${sandbox.platformOrigin}/internal/jwks');
        console.log(other.status);
      })()`,
    );
    expect(sandbox.platformOrigin).toBe(`http://127.0.0.1:${port}`);
    expect(stdout).toContain('200 {"method":"GET","path":"/api/agent/agents/me","auth":"Bearer t"}');
    expect(stdout.trim().split('\n').at(-1)).toBe('404');
  });

  it('names the socket behind the platform address, which answers the same paths and no others', async () => {
    const { stdout } = await runNode(
      sandbox,
      home,
      `const http = require('node:http');
      const { ${platformSocketVariables.socket}: socketPath, ${platformSocketVariables.origin}: origin } = process.env;
      const get = (path) => new Promise((resolve, reject) =>
        http.get({ socketPath, path, headers: { authorization: 'Bearer t' } }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk)).on('end', () => resolve(response.statusCode + ' ' + body));
        }).on('error', reject));
      (async () => {
        console.log(origin);
        console.log(await get('/api/agent/agents/me'));
        console.log((await get('/internal/jwks')).split(' ')[0]);
      })()`,
    );
    expect(stdout.trim().split('\n').slice(-3)).toEqual([
      sandbox.platformOrigin,
      '200 {"method":"GET","path":"/api/agent/agents/me","auth":"Bearer t"}',
      '404',
    ]);
  });

  it("cannot connect to the host's other loopback ports or link-local addresses", async () => {
    const { stdout } = await runNode(
      sandbox,
      home,
      `const net = require('node:net');
      const tryConnect = (host, port) => new Promise((resolve) => {
        const socket = net.connect({ host, port, timeout: 2000 });
        socket.on('connect', () => { socket.destroy(); resolve('open'); });
        socket.on('error', (error) => resolve(error.code));
        socket.on('timeout', () => { socket.destroy(); resolve('timeout'); });
      });
      (async () => {
        console.log('loopback', await tryConnect('127.0.0.1', ${hostService.port}));
        console.log('metadata', await tryConnect('169.254.169.254', 80));
        const viaProxy = await fetch('http://metadata.test/latest/meta-data/').then((r) => r.status, (e) => e.cause?.code ?? e.message);
        console.log('proxied metadata', viaProxy);
      })()`,
    );
    expect(stdout).toMatch(/loopback (ECONNREFUSED|timeout)/);
    expect(stdout).toMatch(/metadata (ENETUNREACH|EHOSTUNREACH|timeout)/);
    // Refused by the egress (the client sees the proxy's 403 as a failed connection).
    expect(stdout).toMatch(/proxied metadata \S+/);
    expect(refused).toContain('metadata.test:80');
  });

  it('reaches an operator-allowed loopback service at its own address, and public hosts through the proxy', async () => {
    const { stdout } = await runNode(
      sandbox,
      home,
      `const net = require('node:net');
      const socket = net.connect(${tunnelled.port}, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => { text += d; });
      socket.on('close', async () => {
        console.log('tunnel', text.trim());
        const outcome = await fetch('http://public.test/').then((r) => r.status, (e) => e.cause?.code ?? e.message);
        console.log('public', outcome);
      });`,
    );
    expect(stdout).toContain('tunnel host-service');
    // Let through (whether anything answers depends on this machine's network).
    expect(stdout).toMatch(/public \S+/);
    expect(refused).not.toContain('public.test:80');
  });

  it('holds a fork bomb to its process limit, and the host stays responsive', async () => {
    const started = performance.now();
    const launched = sandbox.launcher.spawn({
      command: '/bin/sh',
      args: ['-c', 'bomb() { bomb | bomb & }; bomb; sleep 2; echo survived'],
      cwd: home.workspace,
      env: { PATH: '/usr/bin:/bin', HOME: home.state },
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const tick = performance.now();
    await new Promise((resolve) => setImmediate(resolve));
    expect(performance.now() - tick).toBeLessThan(200);
    await launched.stop();
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("gives each of an agent's concurrent runs its whole process limit (they share the agent's user)", async () => {
    const settings = loadSandboxSettings({ LIFEOSAI_SANDBOX_MAX_PROCESSES: '64' });
    const open = () =>
      openRunSandbox(
        {
          agentId: 'agt_one',
          workspace: home.workspace,
          stateDirectory: home.state,
          platformOrigin: platform.origin,
          concurrentRuns: 2,
        },
        settings,
        'bubblewrap',
      );
    const runs = [await open(), await open()];
    try {
      // 40 processes each: 80 of the agent's user at once, over one run's 64.
      const hold = (seconds: number) =>
        `n=0; for i in $(seq 40); do sleep ${seconds} & n=$((n + 1)); done; echo "holding $n"; wait`;
      const first = runs[0]!.launcher.spawn({
        command: '/bin/sh',
        args: ['-c', hold(10)],
        cwd: home.workspace,
        env: { PATH: '/usr/bin:/bin', HOME: home.state },
      });
      await new Promise<void>((resolve) => first.child.stdout?.once('data', () => resolve()));
      const second = await runShell(runs[1]!, home, hold(0.3));
      expect(`${second.stdout}${second.stderr}`).not.toMatch(/fork|Resource temporarily unavailable/i);
      expect(second.stdout).toContain('holding 40');
      await first.stop();
    } finally {
      await Promise.all(runs.map((run) => run.close()));
    }
  });

  it('refuses an allocation past the memory limit and a file past the size limit', async () => {
    const memory = await runNode(
      sandbox,
      home,
      'const chunks = []; try { for (let i = 0; i < 64; i++) chunks.push(Buffer.allocUnsafe(64 * 1024 * 1024)); console.log("allocated"); } catch (e) { console.log("refused", e.code ?? e.message); }',
    );
    expect(memory.stdout).not.toContain('allocated');
    const file = await runShell(
      sandbox,
      home,
      'head -c 3000000 /dev/zero > big.bin; echo "exit $?"; wc -c < big.bin',
    );
    expect(file.stdout).toMatch(/exit [1-9]/);
    expect(Number(file.stdout.trim().split('\n').at(-1))).toBeLessThanOrEqual(1024 * 1024);
  });

  it('puts the run in a cgroup of its own, under one all runs share, where the machine offers cgroups', async () => {
    const launched = sandbox.launcher.spawn({
      command: '/bin/sh',
      args: ['-c', 'echo up; sleep 30'],
      cwd: home.workspace,
      env: { PATH: '/usr/bin:/bin', HOME: home.state },
    });
    await new Promise<void>((resolve) => launched.child.stdout?.once('data', () => resolve()));
    const seenFromHost = readFileSync(`/proc/${launched.child.pid}/cgroup`, 'utf8');
    await launched.stop();
    if (!(await cgroupsAvailable())) {
      expect(seenFromHost).not.toMatch(/lifeosai-/);
      return;
    }
    const lines = seenFromHost.trim().split('\n');
    const ours = lines.filter((line) => line.includes('lifeosai-'));
    expect(ours.length).toBeGreaterThan(0);
    for (const line of ours) expect(line).toMatch(/\/lifeosai-runs\/lifeosai-lifeosai-sandbox-[^/]+$/);
    // All runs together weigh like one ordinary process against the platform's (v1 shares 1024,
    // v2 weight 100): under CPU contention the platform's own work comes first.
    const v1 = lines.find((line) => /^\d+:([^:]*,)?cpu(,[^:]*)?:/.test(line));
    const weight = v1
      ? join('/sys/fs/cgroup', v1.split(':')[1]!, dirname(v1.split(':')[2]!), 'cpu.shares')
      : join('/sys/fs/cgroup', dirname(lines.find((line) => line.startsWith('0::'))!.slice(3)), 'cpu.weight');
    expect(readFileSync(weight, 'utf8').trim()).toBe(v1 ? '1024' : '100');
  });

  it('ends everything the command left running in the background, within 2 s', async () => {
    const launched = sandbox.launcher.spawn({
      command: '/bin/sh',
      args: ['-c', 'setsid sleep 60 & (trap "" TERM; sleep 60) & echo started; sleep 60'],
      cwd: home.workspace,
      env: { PATH: '/usr/bin:/bin', HOME: home.state },
    });
    await new Promise<void>((resolve) => launched.child.stdout?.once('data', () => resolve()));
    const started = performance.now();
    await launched.stop();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(launched.child.exitCode !== null || launched.child.signalCode !== null).toBe(true);
    expect(launched.child.pid === undefined || !isRunning(launched.child.pid)).toBe(true);
  });

  it('passes stdio, the exit code and a Node IPC channel through', async () => {
    const launched = sandbox.launcher.spawn({
      command: node,
      args: [
        '-e',
        'process.on("message", (m) => { process.send({ echo: m }); process.exitCode = 7; process.disconnect(); })',
      ],
      cwd: home.workspace,
      env: { PATH: '/usr/bin:/bin', HOME: home.state },
      ipc: true,
    });
    const answer = new Promise((resolve) => launched.child.once('message', resolve));
    launched.child.send({ hello: 'sandbox' });
    expect(await answer).toEqual({ echo: { hello: 'sandbox' } });
    const { code } = await finish(launched);
    expect(code).toBe(7);
  });
});

describe('a run sandbox whose platform is served in this process', () => {
  let home: FakeHome;
  let platform: { server: Server; origin: string };
  let sandbox: RunSandbox;
  /** The handler the sandbox is given once "the app is built" (undefined until then). */
  let serving: PlatformHandler | undefined;
  const seen: Array<{ path?: string; proxyAuthorization?: string; body: string }> = [];
  let next: (() => void) | undefined;
  /** Requests that reached the platform's listener over loopback. */
  let reachedOrigin = 0;

  beforeAll(async () => {
    home = makeFakeHome();
    platform = await startPlatform();
    platform.server.on('request', () => reachedOrigin++);
    sandbox = await openRunSandbox(
      {
        agentId: 'agt_inproc',
        workspace: home.workspace,
        stateDirectory: home.state,
        platformOrigin: platform.origin,
        platformHandler: () => serving,
      },
      loadSandboxSettings({}),
      'bubblewrap',
    );
  });

  afterAll(async () => {
    await sandbox?.close();
    await new Promise((resolve) => platform?.server.close(resolve));
    home?.remove();
  });

  it('passes platform requests to the platform origin until a handler exists, then serves them in process, streamed', async () => {
    const before = await runNode(
      sandbox,
      home,
      `fetch('${sandbox.platformOrigin}/api/agent/agents/me').then(async (r) => console.log(r.status, await r.text()))`,
    );
    expect(before.stdout).toContain('200 {"method":"GET","path":"/api/agent/agents/me"}');
    expect(reachedOrigin).toBe(1);

    serving = (request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk));
      request.on('end', () => {
        seen.push({ path: request.url, proxyAuthorization: request.headers['proxy-authorization'], body });
        if (request.url === '/api/agent/next') {
          next?.();
          response.end('ok');
          return;
        }
        // The first chunk, then the second only once the run has read the first: streamed, not buffered.
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('one|');
        next = () => response.end('two');
      });
    };
    const { stdout } = await runNode(
      sandbox,
      home,
      `const http = require('node:http');
      const request = http.request('${sandbox.platformOrigin}/llm/anthropic/v1/messages', {
        method: 'POST',
        headers: { 'proxy-authorization': 'Basic c2VjcmV0', 'content-type': 'application/json' },
      }, (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
          if (text === 'one|') fetch('${sandbox.platformOrigin}/api/agent/next').then((r) => r.text());
        });
        response.on('end', () => console.log(response.statusCode, text));
      });
      request.end('{"hello":"model"}');
      fetch('${sandbox.platformOrigin}/internal/jwks').then((r) => console.log('other', r.status));`,
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('200 one|two');
    expect(lines).toContain('other 404');
    expect(seen).toEqual([
      { path: '/llm/anthropic/v1/messages', proxyAuthorization: undefined, body: '{"hello":"model"}' },
      { path: '/api/agent/next', proxyAuthorization: undefined, body: '' },
    ]);
    expect(reachedOrigin).toBe(1);
  });
});
