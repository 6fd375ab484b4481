import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

it('prints the API root and how to use it, lets a user write, logs what the bot sends, exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--username', 'hand_bot'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await expect.poll(() => output, { timeout: 10_000 }).toMatch(/Read the replies/);
    const root = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
    const token = /token (\d+:[\w-]+)/.exec(output)![1]!;
    expect(output).toContain(`TELEGRAM_API_ROOT=${root} npm start`);
    await fetch(`${root}/control/messages`, { method: 'POST', body: JSON.stringify({ text: 'hi' }) });
    const updates = (await (await fetch(`${root}/bot${token}/getUpdates`)).json()) as {
      result: Array<{ message: { chat: { id: number } } }>;
    };
    const chatId = updates.result[0]!.message.chat.id;
    await fetch(`${root}/bot${token}/sendMessage?chat_id=${chatId}&text=pong`);
    await expect.poll(() => output).toMatch(/bot -> chat 1001: sendMessage {2}"pong"/);
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
