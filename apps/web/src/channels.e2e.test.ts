/**
 * Browser end to end for an agent's Channels page (issue 14, item 7): the real platform, its
 * Agent API reaching the fake Telegram Bot API (`TELEGRAM_API_ROOT`), the fake LLM's echo as the
 * agent, Debian's Chromium. One platform, one page load per screen:
 * - Desktop: the agent page's Channels link; a wrong bot token refused in the API's words on the
 *   field, then the right one → connected by long polling, the token nowhere on the page; a
 *   stranger writes → waits with the code the bot sent them → Approve → the agent answers in the
 *   chat → the chat's messages (in and out, with their state) and the link to the conversation,
 *   which the agent's list names by its sender.
 * - Phone: the same page at 390 px, nothing wider than the screen.
 * The WhatsApp QR code is drawn from the login stream; no WhatsApp server runs here and the
 * platform has no fake socket to plug in, so its drawing is covered by
 * `components/channels/QrCode.test.ts`. Screenshots go to test-artifacts/web/ (`channels-*`).
 */
import { type FakeTelegram, startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signUp } from './testing/browser.ts';
import { browserSuite, desktop, phone } from './testing/browser-suite.ts';
import { alerts, inPage } from './testing/form-page.ts';

// Registered before the suite: started before the platform (which is given its address), and
// closed after it (after-hooks run last-registered first).
let telegram: FakeTelegram;
beforeAll(async () => {
  telegram = await startFakeTelegram();
});
afterAll(async () => {
  await telegram?.close();
});
const suite = browserSuite({ agentApiEnv: () => ({ TELEGRAM_API_ROOT: telegram.apiRoot }) });

/** Ada's desktop page, her agent and its bot, shared by the steps. */
let ada: Page;
let agentId: string;

/** Runs a step; on failure a screenshot and the platform's output tail go with the error. */
async function step(page: Page, errors: string[], name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    expect(errors).toEqual([]);
  } catch (error) {
    await shot(page, 'channels', `99-failure-${name}`).catch(() => undefined);
    throw new Error(
      `${String(error)}\n--- platform output (tail) ---\n${suite.platform.output().slice(-6000)}`,
    );
  }
}

const connection = (page: Page) => page.getByTestId('channel');
const health = (page: Page) => page.getByTestId('channel-health').textContent();

describe('channels in a real browser', () => {
  it('desktop: wrong token → connect → a stranger waits → approve → the agent answers → read the chat', async () => {
    const opened = await suite.newPage(desktop);
    ada = opened.page;
    await step(ada, opened.errors, 'desktop', async () => {
      const base = suite.platform.webUrl;
      await signUp(ada, base, 'ada.channels@example.com', 'Ada Tester');
      const agent = await inPage<{ id: string }>(ada, '/api/agent/agents', 'POST', {
        name: 'Garden helper',
        adapterType: 'pi',
      });
      expect(agent.status).toBe(201);
      agentId = agent.json.id;

      // From the agent page, beside its settings.
      await ada.goto(`${base}/agents/${agentId}`);
      await ada.getByRole('link', { name: 'Channels', exact: true }).click();
      await ada.waitForURL(`${base}/agents/${agentId}/channels`);
      await ada.getByRole('heading', { name: 'Channels of Garden helper' }).waitFor();
      await ada.getByTestId('no-channels').waitFor();
      await shot(ada, 'channels', '01-empty-desktop');

      // A token Telegram does not know: the API's words, on the field, which keeps the focus.
      const bot = telegram.createBot({ username: 'garden_helper_bot', firstName: 'Garden helper' });
      const tokenField = ada.getByLabel('Bot token');
      expect(await tokenField.getAttribute('type')).toBe('password');
      await tokenField.fill(`${bot.token.split(':')[0]}:${'A'.repeat(35)}`);
      await ada.getByRole('button', { name: 'Connect Telegram' }).click();
      await expect.poll(() => alerts(ada)).toMatch(/Telegram does not accept this bot token.*BotFather/);
      expect(await tokenField.getAttribute('aria-invalid')).toBe('true');
      await expect
        .poll(() => ada.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null"))
        .toBe('botToken');
      await shot(ada, 'channels', '02-token-refused-desktop');

      // The right one: connected, polling, named by the bot's username; the token never shown.
      await tokenField.fill(bot.token);
      await ada.getByRole('button', { name: 'Connect Telegram' }).click();
      await connection(ada).getByRole('heading', { name: 'Telegram @garden_helper_bot' }).waitFor();
      await expect
        .poll(() => health(ada), { timeout: 20_000 })
        .toBe('Connected: receiving messages by long polling.');
      expect(await tokenField.inputValue()).toBe('');
      expect(await ada.content()).not.toContain(bot.token.split(':')[1]);
      expect(await alerts(ada)).toBe('');
      await shot(ada, 'channels', '03-connected-desktop');

      // A stranger writes: the bot sends them a code, and they wait on the page with it.
      const linus = { id: 2002, firstName: 'Linus', username: 'linus_t' };
      telegram.userSends(bot.token, { from: linus, text: 'Hello, who are you?' });
      const waiting = ada.getByTestId('pairing');
      await waiting.waitFor({ timeout: 20_000 });
      expect(await waiting.textContent()).toContain('Linus');
      const code = ((await waiting.locator('span[class*="code"]').textContent()) ?? '').trim();
      expect(code).not.toBe('');
      const toStranger = await telegram.waitForSent(
        bot.token,
        (sent) => sent.chatId === linus.id && (sent.plainText ?? sent.text ?? '').includes(code),
        10_000,
      );
      expect(toStranger.method).toBe('sendMessage');
      await shot(ada, 'channels', '04-sender-waiting-desktop');

      // Approve: gone from the list at once, said in the status line; the agent answers now.
      await ada.getByRole('button', { name: 'Approve Linus' }).click();
      await expect.poll(() => waiting.count()).toBe(0);
      await expect.poll(() => ada.getByText('Linus may write to the agent now.').count()).toBe(1);
      telegram.userSends(bot.token, { from: linus, text: 'What grows well in May?' });
      const reply = await telegram.waitForSent(
        bot.token,
        (sent) =>
          sent.chatId === linus.id &&
          sent.method === 'sendMessage' &&
          (sent.plainText ?? '').includes('What grows well in May?'),
        60_000,
      );
      expect(reply.plainText).toBeTruthy();

      // The chat, its messages in and out with their state, and the way to its conversation.
      const chat = ada.getByTestId('channel-chat').filter({ hasText: 'Linus' });
      await chat.waitFor({ timeout: 15_000 });
      expect(await chat.textContent()).toMatch(/private · last message/);
      await chat.getByRole('button', { name: 'Show messages of Linus' }).click();
      const messages = chat.getByTestId('channel-message');
      const asked = messages.filter({ hasText: 'What grows well in May?' }).first();
      await expect
        .poll(() => asked.getByTestId('message-status').textContent(), { timeout: 20_000 })
        .toMatch(/^Answered/);
      expect(await asked.textContent()).toContain('Linus');
      const answered = messages.filter({ hasText: 'The agent' }).last();
      await expect
        .poll(() => answered.getByTestId('message-status').textContent(), { timeout: 20_000 })
        .toMatch(/^Sent/);
      expect(await answered.textContent()).toContain('What grows well in May?');
      expect(await asked.getByRole('link', { name: 'the run' }).getAttribute('href')).toMatch(/^\/runs\//);
      await shot(ada, 'channels', '05-chat-messages-desktop');

      const open = chat.getByRole('link', { name: 'Open the conversation with Linus' });
      const href = (await open.getAttribute('href'))!;
      expect(href).toMatch(new RegExp(`^/agents/${agentId}\\?session=`));
      await open.click();
      await ada.waitForURL((url) => url.search.startsWith('?session='));
      // The conversation: titled and shown by what Linus wrote (not the agent's fencing), his name
      // and the network beside it.
      const item = ada.getByRole('list', { name: 'Conversations' }).getByTestId('conversation').first();
      await expect
        .poll(() => item.getByTestId('started-by').textContent(), { timeout: 15_000 })
        .toContain('Telegram: Linus');
      expect(await item.locator('a > span:first-child').textContent()).toBe('Hello, who are you?');
      await expect
        .poll(() => ada.locator('.msg.user').allInnerTexts(), { timeout: 15_000 })
        .toEqual(['Hello, who are you?', 'What grows well in May?']);
      expect(await ada.getByTestId('message-sender').first().textContent()).toBe('Telegram: Linus');
      await shot(ada, 'channels', '06-conversation-desktop');
    });
  }, 180_000);

  it('phone: the connection, its chat and its messages fit the screen', async () => {
    const { page, errors } = await suite.newPage(phone, ada);
    await step(page, errors, 'phone', async () => {
      await page.goto(`${suite.platform.webUrl}/agents/${agentId}/channels`);
      await connection(page).getByRole('heading', { name: 'Telegram @garden_helper_bot' }).waitFor();
      const chat = page.getByTestId('channel-chat').filter({ hasText: 'Linus' });
      await chat.getByRole('button', { name: 'Show messages of Linus' }).click();
      await chat.getByTestId('channel-message').first().waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        phone.width,
      );
      await shot(page, 'channels', '07-phone');
    });
  }, 60_000);
});
