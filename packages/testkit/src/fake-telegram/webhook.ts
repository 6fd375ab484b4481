import { type ApiAnswer, failure, ok } from './api-answer.ts';
import type { FakeBot } from './fake-bot.ts';
import { type CallParams, jsonParam } from './request-params.ts';
import { pending } from './updates-method.ts';

const SECRET = /^[A-Za-z0-9_-]{1,256}$/;

export function setWebhook(bot: FakeBot, { values }: CallParams, deliver: () => void): ApiAnswer {
  const url = typeof values.url === 'string' ? values.url : '';
  if (url === '') return deleteWebhook(bot, { values, files: {} });
  if (!/^https?:\/\//.test(url))
    return failure(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
  const secretToken = values.secret_token === undefined ? undefined : String(values.secret_token);
  if (secretToken !== undefined && !SECRET.test(secretToken)) {
    return failure(400, 'Bad Request: secret token contains unallowed characters');
  }
  const allowed = jsonParam<string[]>(values.allowed_updates);
  if (Array.isArray(allowed)) bot.allowedUpdates = allowed.length > 0 ? allowed : undefined;
  if (values.drop_pending_updates === true || values.drop_pending_updates === 'true') bot.updates.length = 0;
  bot.webhook = { url, ...(secretToken ? { secretToken } : {}) };
  bot.notify();
  deliver();
  return ok(true);
}

export function deleteWebhook(bot: FakeBot, { values }: CallParams): ApiAnswer {
  if (values.drop_pending_updates === true || values.drop_pending_updates === 'true') bot.updates.length = 0;
  bot.webhook = null;
  return ok(true);
}

export function getWebhookInfo(bot: FakeBot): ApiAnswer {
  return ok({
    url: bot.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: bot.updates.length,
    ...(bot.allowedUpdates ? { allowed_updates: bot.allowedUpdates } : {}),
  });
}

/**
 * Posts queued updates to the bot's webhook one at a time, in order, with the secret header,
 * as Telegram does; a non-2xx answer or a network failure is retried after `retryMs`.
 */
export function createWebhookDelivery(bot: FakeBot, retryMs: number, closed: AbortSignal): () => void {
  let running = false;
  return function deliver() {
    if (running) return;
    running = true;
    void (async () => {
      try {
        while (bot.webhook && !closed.aborted) {
          const update = pending(bot, 1)[0];
          if (!update) return;
          const { url, secretToken } = bot.webhook;
          const delivered = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(secretToken ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
            },
            body: JSON.stringify(update),
            signal: AbortSignal.any([closed, AbortSignal.timeout(10_000)]),
          }).then(
            async (response) => {
              await response.arrayBuffer().catch(() => undefined);
              return response.ok;
            },
            () => false,
          );
          if (delivered) {
            const index = bot.updates.indexOf(update);
            if (index >= 0) bot.updates.splice(index, 1);
          } else await new Promise((resolve) => setTimeout(resolve, retryMs));
        }
      } finally {
        running = false;
      }
    })();
  };
}
