import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

it('prints the base URL to use, serves the script, logs connections, exits 0 on SIGTERM', async () => {
  const script = join(await mkdtemp(join(tmpdir(), 'fake-live-')), 'steps.json');
  await writeFile(script, JSON.stringify([{ say: 'Hello by hand' }]));
  const child = spawn(process.execPath, [CLI, '--port', '0', '--script', script, '--key', 'hand-key'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await expect.poll(() => output, { timeout: 10_000 }).toMatch(/GEMINI_LIVE_BASE_URL=/);
    const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+) \(1 scripted steps\)/.exec(output)![1]!;
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(
      `${baseUrl.replace('http', 'ws')}//ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=hand-key`,
    );
    await once(socket, 'open');
    socket.send(JSON.stringify({ setup: { model: 'models/by-hand' } }));
    const [first] = await once(socket, 'message');
    expect(JSON.parse(String(first))).toEqual({ setupComplete: {} });
    socket.send(
      JSON.stringify({
        clientContent: { turns: [{ role: 'user', parts: [{ text: 'hi' }] }], turnComplete: true },
      }),
    );
    await expect.poll(() => output, { timeout: 5_000 }).toMatch(/conversation 1 agent: "Hello by hand"/);
    expect(output).toContain('connection 1 (new) model models/by-hand');
    socket.close();
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
});

it('exits 2 with the usage for bad arguments', async () => {
  const child = spawn(process.execPath, [CLI, '--port', 'abc'], { stdio: 'ignore' });
  const [code] = await once(child, 'exit');
  expect(code).toBe(2);
});
