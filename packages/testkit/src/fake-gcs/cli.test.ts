import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

it('prints the settings that point the gateway at it, serves until SIGTERM, and exits 2 on bad arguments', async () => {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--bucket', 'my-files'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await expect.poll(() => output, { timeout: 10_000 }).toMatch(/LIFEOSAI_GCS_API_ENDPOINT=\S+/);
  expect(output).toContain('LIFEOSAI_FILES_BACKEND=gcs LIFEOSAI_FILES_BUCKET=my-files');
  const endpoint = /LIFEOSAI_GCS_API_ENDPOINT=(\S+)/.exec(output)![1]!;
  expect(await (await fetch(`${endpoint}/storage/v1/b/my-files/o`)).json()).toEqual({
    kind: 'storage#objects',
  });
  child.kill('SIGTERM');
  expect((await once(child, 'exit'))[0]).toBe(0);

  const bad = spawn(process.execPath, [CLI, '--bucket', 'Not A Bucket'], { stdio: 'ignore' });
  expect((await once(bad, 'exit'))[0]).toBe(2);
});
