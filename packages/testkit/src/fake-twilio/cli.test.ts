import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dominantFrequency, pcm16ToMulaw, readWav, sine, writeWav } from '@lifeosai/voice-audio';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LoopbackPlatform, startLoopbackPlatform } from './loopback-platform.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const authToken = 'cli-auth-token-0123456789abcdef';
let platform: LoopbackPlatform;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'fake-twilio-cli-'));
  await writeFile(join(folder, 'in.wav'), writeWav(sine(440, 16_000, 400, 9000), 16_000));
  // The "agent" answers 100 ms after the caller's 20th frame (400 ms of speech) with 0.5 s of 1 kHz.
  let heard = 0;
  platform = await startLoopbackPlatform({
    authToken,
    knownNumber: '+14155550199',
    onMessage: (stream, message) => {
      if (message.event !== 'media' || ++heard !== 20) return;
      setTimeout(() => {
        const reply = pcm16ToMulaw(sine(1000, 8000, 500, 8000));
        for (let offset = 0; offset < reply.length; offset += 160) {
          stream.send({
            event: 'media',
            streamSid: stream.streamSid(),
            media: { payload: Buffer.from(reply.subarray(offset, offset + 160)).toString('base64') },
          });
        }
      }, 100);
    },
  });
});
afterAll(async () => {
  await platform.close();
  await rm(folder, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = { TWILIO_AUTH_TOKEN: authToken }) {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code] = await once(child, 'exit');
  return { code: code as number, output };
}

it('places a signed call, streams the WAV, records the reply to a WAV and prints the timings', async () => {
  const out = join(folder, 'reply.wav');
  const args = ['--public-url', platform.publicUrl, '--from', '+14155550100', '--to', '+14155550199'];
  const { code, output } = await run([
    ...args,
    '--wav',
    join(folder, 'in.wav'),
    '--out',
    out,
    '--quiet-ms',
    '300',
  ]);
  expect(output).toMatch(/voice webhook: HTTP 200/);
  expect(output).toMatch(/spoke \d+ ms of audio/);
  const latency = Number(/first audio after end of speech: (\d+) ms/.exec(output)?.[1]);
  expect(latency).toBeGreaterThanOrEqual(80);
  expect(latency).toBeLessThan(3000);
  expect(output).toMatch(/received 25 frames \(0\.50 s played\), 0 clears, 0 marks/);
  expect(output).toMatch(/closed by caller\n/);
  expect(code).toBe(0);
  const reply = readWav(new Uint8Array(await readFile(out)));
  expect(reply.sampleRate).toBe(8000);
  expect(dominantFrequency(reply.pcm, 8000)).toBeCloseTo(1000, 0);
  const stream = platform.streams.at(-1);
  expect(stream?.messages.at(-1)).toMatchObject({ event: 'stop' });
});

it('exits 3 with the spoken refusal, 1 when the webhook is refused, 2 for bad arguments', async () => {
  const args = ['--public-url', platform.publicUrl, '--from', '+14155550100'];
  // Four processes at once: each spends most of its time starting Node.
  const [refused, forged, badNumber, noToken] = await Promise.all([
    run([...args, '--to', '+14155550000']),
    run([...args, '--to', '+14155550199'], { TWILIO_AUTH_TOKEN: 'wrong-token' }),
    run([...args, '--to', 'not-a-number']),
    run([...args, '--to', '+14155550199'], { TWILIO_AUTH_TOKEN: '' }),
  ]);
  expect(refused).toMatchObject({
    code: 3,
    output: expect.stringContaining('refused: ["This number is not in service."] then hang up'),
  });
  expect(forged).toMatchObject({ code: 1, output: expect.stringContaining('HTTP 403') });
  expect(badNumber.code).toBe(2);
  expect(noToken.code).toBe(2);
});
