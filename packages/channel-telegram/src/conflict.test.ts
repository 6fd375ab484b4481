import { describe, expect, it } from 'vitest';
import { fastDriver, recordingContext, useFakeTelegram, waitUntil } from './test-context.ts';

const telegram = useFakeTelegram();

describe('409 conflict', () => {
  it('says so, clears the webhook, backs off (no tight loop) and is connected again once the other poller stops', async () => {
    const bot = telegram.fake.createBot({ username: 'lifeos_bot' });
    // Another program holds a long poll for the same bot.
    const other = new AbortController();
    const held = fetch(`${telegram.fake.apiRoot}/bot${bot.token}/getUpdates?timeout=30`, {
      signal: other.signal,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const context = recordingContext(bot.token);
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.some((status) => status.status === 'error'));
    expect(context.statuses[1]).toMatchObject({ status: 'error', reason: 'conflict', retrying: true });
    expect(JSON.stringify(context.statuses[1])).toMatch(/Another program/);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const polls = telegram.fake.calls(bot.token, 'getUpdates').length;
    // Backoff 25–50, 50–100, then 100–200 ms: about eight polls a second, never hundreds.
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(polls).toBeLessThanOrEqual(12);
    expect(telegram.fake.calls(bot.token, 'deleteWebhook').length).toBeGreaterThanOrEqual(polls - 1);
    expect(context.statuses.some((status) => status.status === 'connected')).toBe(false);

    other.abort();
    await held;
    await waitUntil(() => context.statuses.at(-1)?.status === 'connected', 3000, 'the reconnection');
    telegram.fake.userSends(bot.token, { text: 'after the conflict' });
    await waitUntil(() => context.inbound.length === 1);
    await connection.stop();
  });

  it('removes a webhook someone set and polls', async () => {
    const bot = telegram.fake.createBot();
    await fetch(`${telegram.fake.apiRoot}/bot${bot.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://elsewhere.example/hook' }),
    });
    const context = recordingContext(bot.token);
    const connection = fastDriver(telegram.fake.apiRoot).connect(context);
    await connection.start();
    await waitUntil(() => context.statuses.at(-1)?.status === 'connected', 3000);
    expect(
      context.statuses.map((status) => (status.status === 'error' ? status.reason : status.status)),
    ).toEqual(['connecting', 'conflict', 'connected']);
    expect(telegram.fake.webhook(bot.token)).toBeNull();
    await connection.stop();
  });
});
