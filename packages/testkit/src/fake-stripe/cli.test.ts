import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

it('prints the settings to run the platform against it, serves until SIGTERM, and exits 2 on bad arguments', async () => {
  const child = spawn(process.execPath, [CLI, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await expect.poll(() => output, { timeout: 10_000 }).toMatch(/STRIPE_WEBHOOK_SECRET=whsec_\S+ npm start/);
  const apiBase = /STRIPE_API_BASE=(\S+)/.exec(output)![1]!;
  expect(await (await fetch(`${apiBase}/control/meter-events`)).json()).toEqual([]);
  child.kill('SIGTERM');
  expect((await once(child, 'exit'))[0]).toBe(0);

  const bad = spawn(process.execPath, [CLI, '--port', 'lots'], { stdio: 'ignore' });
  expect((await once(bad, 'exit'))[0]).toBe(2);
});
