import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from './server.ts';
import type { TgMessage, TgUpdate } from './telegram-types.ts';

let fake: FakeTelegram;
beforeEach(async () => {
  fake = await startFakeTelegram({ webhookRetryMs: 20 });
});
afterEach(async () => {
  await fake.close();
});

async function call<Result = unknown>(
  token: string,
  method: string,
  body: object = {},
  signal?: AbortSignal,
) {
  const response = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      ok: boolean;
      result: Result;
      description?: string;
      parameters?: { retry_after?: number };
    },
  };
}

describe('fake Telegram: bots and polling', () => {
  it('answers getMe for a known token and 401 for others', async () => {
    const bot = fake.createBot({ username: 'one_bot' });
    expect((await call(bot.token, 'getMe')).body.result).toMatchObject({
      id: bot.id,
      is_bot: true,
      username: 'one_bot',
    });
    expect(await call('1:nope', 'getMe')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    fake.revokeBot(bot.token);
    expect((await call(bot.token, 'getMe')).status).toBe(401);
  });

  it('holds a long poll until an update comes, and confirms updates below the offset', async () => {
    const bot = fake.createBot();
    const started = Date.now();
    const poll = call(bot.token, 'getUpdates', { timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = fake.userSends(bot.token, { text: `/start@${bot.username} now` });
    const { body } = await poll;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(body.result).toEqual([sent]);
    expect(sent.message?.entities).toEqual([
      { type: 'bot_command', offset: 0, length: 7 + bot.username.length },
    ]);
    expect((await call(bot.token, 'getUpdates')).body.result).toHaveLength(1);
    expect((await call(bot.token, 'getUpdates', { offset: sent.update_id + 1 })).body.result).toEqual([]);
    expect(fake.pendingUpdates(bot.token)).toEqual([]);
  });

  it('answers 409 to a second poll while one is held, and frees the bot when the held one leaves', async () => {
    const bot = fake.createBot();
    const leave = new AbortController();
    const held = call(bot.token, 'getUpdates', { timeout: 30 }, leave.signal).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await call(bot.token, 'getUpdates', { timeout: 0 });
    expect(second.status).toBe(409);
    expect(second.body.description).toMatch(/^Conflict: terminated by other getUpdates request/);
    leave.abort();
    expect(await held).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await call(bot.token, 'getUpdates', { timeout: 0 })).status).toBe(200);
  });

  it('filters by allowed_updates and redelivers a message under a new update id', async () => {
    const bot = fake.createBot();
    const first = fake.userSends(bot.token, { text: 'one' });
    fake.userEdits(bot.token, { chatId: 1001, messageId: first.message!.message_id, text: 'one!' });
    const again = fake.redeliver(bot.token, first.update_id);
    const { body } = await call<TgUpdate[]>(bot.token, 'getUpdates', { allowed_updates: ['message'] });
    expect(body.result.map((update) => update.update_id)).toEqual([first.update_id, again.update_id]);
    expect(again.message).toEqual(first.message);
  });
});

describe('fake Telegram: sending', () => {
  it('checks messages as Telegram does: length after parsing, HTML, chat, block', async () => {
    const bot = fake.createBot();
    const chatId = fake.userSends(bot.token, { text: 'hi' }).message!.chat.id;
    expect(
      (
        await call(bot.token, 'sendMessage', {
          chat_id: chatId,
          text: `<b>${'a'.repeat(4096)}</b>`,
          parse_mode: 'HTML',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(bot.token, 'sendMessage', { chat_id: chatId, text: 'a'.repeat(4097) })).body.description,
    ).toBe('Bad Request: message is too long');
    expect(
      (await call(bot.token, 'sendMessage', { chat_id: chatId, text: '<b>x', parse_mode: 'HTML' })).body
        .description,
    ).toMatch(/^Bad Request: can't parse entities/);
    expect((await call(bot.token, 'sendMessage', { chat_id: 5, text: 'x' })).body.description).toBe(
      'Bad Request: chat not found',
    );
    fake.blockBot(bot.token, chatId);
    expect(await call(bot.token, 'sendMessage', { chat_id: chatId, text: 'x' })).toMatchObject({
      status: 403,
      body: { description: 'Forbidden: bot was blocked by the user' },
    });
    expect(fake.sent(bot.token)).toHaveLength(1);
  });

  it('injects 429 with retry_after, 500, and a hang released when the client leaves', async () => {
    const bot = fake.createBot();
    fake.failNext(bot.token, 'getMe', { status: 429, retryAfter: 3 });
    fake.failNext(bot.token, 'getMe', { status: 500 });
    fake.failNext(bot.token, 'getMe', { status: 'hang' });
    expect((await call(bot.token, 'getMe')).body).toMatchObject({
      error_code: 429,
      parameters: { retry_after: 3 },
    });
    expect((await call(bot.token, 'getMe')).status).toBe(500);
    await expect(call(bot.token, 'getMe', {}, AbortSignal.timeout(200))).rejects.toThrow();
    expect((await call(bot.token, 'getMe')).status).toBe(200);
  });

  it('takes multipart uploads, serves files by getFile, and waits for what the bot sends', async () => {
    const bot = fake.createBot();
    const chatId = fake.userSends(bot.token, { text: 'hi' }).message!.chat.id;
    const waiting = fake.waitForSent(bot.token, (sent) => sent.method === 'sendDocument');
    const form = new FormData();
    form.set('chat_id', String(chatId));
    form.set('document', 'attach://file1');
    form.set('file1', new Blob([new Uint8Array([1, 2, 3])], { type: 'application/pdf' }), 'r.pdf');
    form.set('reply_markup', JSON.stringify({ inline_keyboard: [[{ text: 'ok', callback_data: 'd' }]] }));
    const uploaded = (await (
      await fetch(`${fake.apiRoot}/bot${bot.token}/sendDocument`, { method: 'POST', body: form })
    ).json()) as { result: TgMessage };
    const sent = await waiting;
    expect(sent).toMatchObject({
      chatId,
      file: { fileName: 'r.pdf', mimeType: 'application/pdf' },
      replyMarkup: { inline_keyboard: [[{ text: 'ok', callback_data: 'd' }]] },
    });
    const file = (
      await call<{ file_path: string }>(bot.token, 'getFile', { file_id: uploaded.result.document!.file_id })
    ).body.result;
    const bytes = new Uint8Array(
      await (await fetch(`${fake.apiRoot}/file/bot${bot.token}/${file.file_path}`)).arrayBuffer(),
    );
    expect([...bytes]).toEqual([1, 2, 3]);
    expect((await fetch(`${fake.apiRoot}/file/bot1:other/${file.file_path}`)).status).toBe(404);
  });

  it('edits, with "not modified" for the same text, and answers a button press once', async () => {
    const bot = fake.createBot();
    const chatId = fake.userSends(bot.token, { text: 'hi' }).message!.chat.id;
    const message = (await call<TgMessage>(bot.token, 'sendMessage', { chat_id: chatId, text: 'v1' })).body
      .result;
    expect(
      (
        await call(bot.token, 'editMessageText', {
          chat_id: chatId,
          message_id: message.message_id,
          text: 'v2',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(bot.token, 'editMessageText', {
          chat_id: chatId,
          message_id: message.message_id,
          text: 'v2',
        })
      ).body.description,
    ).toMatch(/message is not modified/);
    const press = fake.pressButton(bot.token, { chatId, messageId: message.message_id, data: 'yes' });
    expect(
      (await call(bot.token, 'answerCallbackQuery', { callback_query_id: press.callback_query!.id })).status,
    ).toBe(200);
    expect(
      (await call(bot.token, 'answerCallbackQuery', { callback_query_id: press.callback_query!.id })).status,
    ).toBe(400);
  });
});

describe('fake Telegram: webhooks and control', () => {
  it('while a webhook is set, polls are 409 and updates are posted to it with the secret, retried until accepted', async () => {
    const bot = fake.createBot();
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    let refuse = 1;
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(refuse-- > 0 ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      expect((await call(bot.token, 'setWebhook', { url, secret_token: 'sec_1' })).status).toBe(200);
      expect((await call(bot.token, 'getUpdates')).body.description).toMatch(/webhook is active/);
      expect((await call(bot.token, 'getWebhookInfo')).body.result).toMatchObject({
        url,
        pending_update_count: 0,
      });
      const update = fake.userSends(bot.token, { text: 'hook me' });
      await expect.poll(() => received.length).toBe(2);
      expect(received.map((delivery) => delivery.headers['x-telegram-bot-api-secret-token'])).toEqual([
        'sec_1',
        'sec_1',
      ]);
      expect(JSON.parse(received[1]!.body)).toEqual(update);
      await expect.poll(() => fake.pendingUpdates(bot.token).length).toBe(0);
      await call(bot.token, 'deleteWebhook');
      expect((await call(bot.token, 'getUpdates')).status).toBe(200);
    } finally {
      receiver.close();
    }
  });

  it('lets a person send messages and read replies over HTTP', async () => {
    const bot = fake.createBot({ username: 'cli_bot' });
    const response = await fetch(`${fake.apiRoot}/control/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello from curl', from: { id: 5, firstName: 'Bo' } }),
    });
    expect(response.status).toBe(201);
    const [update] = (await call<TgUpdate[]>(bot.token, 'getUpdates')).body.result;
    expect(update!.message).toMatchObject({
      text: 'hello from curl',
      chat: { id: 5, type: 'private' },
      from: { id: 5, first_name: 'Bo' },
    });
    await call(bot.token, 'sendMessage', { chat_id: 5, text: 'hi Bo' });
    const sent = (await (await fetch(`${fake.apiRoot}/control/sent?bot=@cli_bot`)).json()) as {
      items: Array<{ text: string }>;
    };
    expect(sent.items.map((item) => item.text)).toEqual(['hi Bo']);
    fake.createBot();
    const ambiguous = await fetch(`${fake.apiRoot}/control/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'x' }),
    });
    expect(ambiguous.status).toBe(400);
    expect(((await ambiguous.json()) as { error: string }).error).toMatch(/give "bot"/);
  });
});
