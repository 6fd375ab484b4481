import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DESCRIPTIONS, failure } from './api-answer.ts';
import { handleControl } from './control-http.ts';
import { dispatch } from './dispatch.ts';
import { FakeBot } from './fake-bot.ts';
import type { FakeTelegram } from './fake-telegram-api.ts';
import { readCallParams } from './request-params.ts';
import { pressButton, userEdits, userJoins, userSends } from './user-actions.ts';
import { createWebhookDelivery } from './webhook.ts';

export type { FakeBotInfo, FakeTelegram } from './fake-telegram-api.ts';

export interface FakeTelegramOptions {
  /** Port (default: any free one); always 127.0.0.1. */
  port?: number;
  /** Delay before a failed webhook delivery is retried (default 200 ms). */
  webhookRetryMs?: number;
  /** Called for each API call (the CLI logs them); never given the token. */
  onCall?: (call: { botId: number; method: string; status: number }) => void;
}

/**
 * A fake Telegram Bot API on loopback for tests and for running the platform by hand: several
 * bots by token, long polling, messages, files, webhooks, Telegram's errors and wording.
 */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const bots = new Map<string, FakeBot>();
  const closing = new AbortController();
  const deliveries = new Map<string, () => void>();
  let nextBotId = 7_000_000_001;

  const bot = (token: string): FakeBot => {
    const found = bots.get(token);
    if (!found) throw new Error('the fake Telegram has no bot with that token');
    return found;
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const closed = new AbortController();
    response.on('close', () => closed.abort());
    const leave = AbortSignal.any([closed.signal, closing.signal]);
    try {
      if (url.pathname.startsWith('/control/')) return await handleControl(fake, request, response, url);
      const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (file)
        return serveFile(bots.get(decodeURIComponent(file[1]!)), decodeURIComponent(file[2]!), response);
      const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      const target = call ? bots.get(decodeURIComponent(call[1]!)) : undefined;
      if (!call || !target || target.revoked) {
        const answer = call ? failure(401, DESCRIPTIONS.unauthorized) : failure(404, DESCRIPTIONS.notFound);
        request.resume();
        return send(response, answer.status, answer.body);
      }
      const params = await readCallParams(request, url);
      const answer = await dispatch(target, call[2]!, params, leave, deliveries.get(target.token)!);
      target.calls.push({ method: call[2]!, status: answer.status, at: Date.now() });
      options.onCall?.({ botId: target.user.id, method: call[2]!, status: answer.status });
      if (!response.destroyed) send(response, answer.status, answer.body);
    } catch (error) {
      if (!response.headersSent && !response.destroyed) {
        send(response, 400, {
          ok: false,
          error_code: 400,
          description: `Bad Request: ${(error as Error).message}`,
        });
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeTelegram = {
    apiRoot,
    createBot(botOptions = {}) {
      const id = nextBotId++;
      const token = botOptions.token ?? `${id}:AA${randomBytes(25).toString('base64url').slice(0, 33)}`;
      const username = botOptions.username ?? `fake_${id}_bot`;
      const created = new FakeBot(token, {
        id,
        is_bot: true,
        first_name: botOptions.firstName ?? 'Fake bot',
        username,
      });
      bots.set(token, created);
      const deliver = createWebhookDelivery(created, options.webhookRetryMs ?? 200, closing.signal);
      deliveries.set(token, deliver);
      created.subscribe(() => {
        if (created.webhook) deliver();
      });
      return { token, id, username };
    },
    listBots: () =>
      [...bots.values()].map((known) => ({
        token: known.token,
        id: known.user.id,
        username: known.user.username!,
      })),
    revokeBot: (token) => {
      bot(token).revoked = true;
      bot(token).notify();
    },
    userSends: (token, input) => userSends(bot(token), input),
    pressButton: (token, input) => pressButton(bot(token), input),
    userEdits: (token, input) => userEdits(bot(token), input),
    userJoins: (token, input = {}) => userJoins(bot(token), input),
    redeliver(token, updateId) {
      const target = bot(token);
      const earlier = target.history.get(updateId);
      if (!earlier) throw new Error(`the fake bot never had update ${updateId}`);
      const { update_id: _, ...content } = earlier;
      return target.enqueue(content);
    },
    blockBot(token, chatId) {
      const chat = bot(token).chats.get(chatId);
      if (!chat) throw new Error(`the fake bot has no chat ${chatId}`);
      chat.blocked = true;
    },
    failNext(token, method, injected, times = 1) {
      const queue = bot(token).failures.get(method) ?? [];
      for (let index = 0; index < times; index++) queue.push(injected);
      bot(token).failures.set(method, queue);
    },
    sent: (token) => [...bot(token).sent],
    waitForSent(token, predicate, timeoutMs = 5000) {
      const target = bot(token);
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = target.sent.find(predicate);
          if (!found) return false;
          clearTimeout(timer);
          unsubscribe();
          resolve(found);
          return true;
        };
        const unsubscribe = target.subscribe(check);
        const timer = setTimeout(() => {
          unsubscribe();
          reject(
            new Error(
              `the bot sent nothing matching within ${timeoutMs} ms (sent: ${JSON.stringify(target.sent.map((s) => [s.method, s.text]))})`,
            ),
          );
        }, timeoutMs);
        check();
      });
    },
    calls: (token, method) =>
      bot(token).calls.filter((call) => method === undefined || call.method === method),
    webhook: (token) => bot(token).webhook,
    pendingUpdates: (token) => [...bot(token).updates],
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    [Symbol.asyncDispose]() {
      return fake.close();
    },
  };
  return fake;
}

function serveFile(target: FakeBot | undefined, path: string, response: ServerResponse): void {
  const file =
    target && !target.revoked
      ? [...target.files.values()].find((stored) => stored.filePath === path)
      : undefined;
  if (!file) {
    send(response, 404, { ok: false, error_code: 404, description: DESCRIPTIONS.notFound });
    return;
  }
  response
    .writeHead(200, { 'content-type': file.mimeType, 'content-length': file.bytes.length })
    .end(file.bytes);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}
