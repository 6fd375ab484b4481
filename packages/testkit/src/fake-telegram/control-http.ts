import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeTelegram } from './fake-telegram-api.ts';

/**
 * The fake's HTTP control endpoint, so a person (or a script) can play the user:
 * - `POST /control/bots {username?}` → `{token, id, username}` (a new bot);
 * - `POST /control/messages {bot?, text, chat?, from?, mention?, replyTo?}` → the queued update;
 * - `POST /control/buttons {bot?, chatId, messageId, data}` → the queued callback query;
 * - `GET /control/sent?bot=` → what the bot sent (files as their size).
 * `bot` is a bot's username or token; it may be left out while the fake has one bot.
 */
export async function handleControl(
  fake: FakeTelegram,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  let body: Record<string, unknown> = {};
  try {
    if (chunks.length > 0)
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new Error('the body must be a JSON object');
    const route = `${request.method} ${url.pathname}`;
    if (route === 'POST /control/bots') {
      return reply(
        response,
        201,
        fake.createBot(typeof body.username === 'string' ? { username: body.username } : {}),
      );
    }
    const token = botToken(fake, String(body.bot ?? url.searchParams.get('bot') ?? ''));
    if (route === 'POST /control/messages') {
      if (typeof body.text !== 'string') throw new Error('"text" is required');
      return reply(response, 201, fake.userSends(token, body as Parameters<FakeTelegram['userSends']>[1]));
    }
    if (route === 'POST /control/buttons') {
      return reply(
        response,
        201,
        fake.pressButton(token, body as unknown as Parameters<FakeTelegram['pressButton']>[1]),
      );
    }
    if (route === 'GET /control/sent') {
      return reply(response, 200, {
        items: fake.sent(token).map(({ file, ...sent }) => ({
          ...sent,
          ...(file ? { fileName: file.fileName, fileSize: file.bytes.length } : {}),
        })),
      });
    }
    reply(response, 404, {
      error:
        'unknown control route: POST /control/bots, /control/messages, /control/buttons; GET /control/sent',
    });
  } catch (error) {
    reply(response, 400, { error: (error as Error).message });
  }
}

function botToken(fake: FakeTelegram, wanted: string): string {
  const bots = fake.listBots();
  const found =
    wanted === '' && bots.length === 1
      ? bots[0]
      : bots.find((bot) => bot.token === wanted || bot.username === wanted.replace(/^@/, ''));
  if (!found)
    throw new Error(
      `no bot "${wanted}": give "bot" (a username or token) among ${bots.map((bot) => `@${bot.username}`).join(', ')}`,
    );
  return found.token;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}
