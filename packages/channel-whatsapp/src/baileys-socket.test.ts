import { setTimeout as sleep } from 'node:timers/promises';
import { startClosingWebSocketServer } from '@lifeosai/testkit/fake-whatsapp';
import { expect, it } from 'vitest';
import { createWhatsAppChannel } from './driver.ts';
import { testContext } from './test-support.ts';

it('the real makeWASocket, refused by a local server, reconnects with a growing backoff and no loop', async () => {
  await using server = await startClosingWebSocketServer();
  const driver = createWhatsAppChannel({
    waWebSocketUrl: server.url,
    reconnect: { initialDelayMs: 100, maxDelayMs: 400, random: () => 0 },
  });
  const { context, statuses, lines } = testContext();
  const connection = driver.connect(context);
  await connection.start();
  await sleep(1200);
  await connection.stop();
  const attempts = server.attempts.length;
  await sleep(300);
  expect(server.attempts.length).toBe(attempts);

  // Waits of 50, 100, 200, 200, … ms between attempts: a handful in 1.2 s, not hundreds.
  expect(attempts).toBeGreaterThanOrEqual(3);
  expect(attempts).toBeLessThanOrEqual(10);
  const gaps = server.attempts.slice(1).map((time, index) => time - server.attempts[index]!);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45);
  expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);

  const errors = statuses.filter((update) => update.status === 'error');
  expect(errors.length).toBeGreaterThanOrEqual(attempts - 1);
  expect(errors[0]).toMatchObject({
    retrying: true,
    reason: 'network',
    message: expect.stringMatching(/closed \(code 428\)/),
  });
  expect(statuses.at(-1)).toEqual({ status: 'stopped' });
  expect(
    lines.filter((line) => line.level === 'info' && line.message.startsWith('whatsapp socket opening')),
  ).toHaveLength(attempts);
});
