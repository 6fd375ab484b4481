import { type ApiAnswer, DESCRIPTIONS, failure, ok } from './api-answer.ts';
import type { FakeBot } from './fake-bot.ts';
import { jsonParam } from './request-params.ts';
import { type TgUpdate, updateKind } from './telegram-types.ts';

/**
 * `getUpdates` as Telegram does it: `offset` confirms every update below it, `allowed_updates`
 * is remembered, an empty queue holds the request up to `timeout` seconds (released at once
 * when an update arrives, the client leaves or the token is revoked). A second poll while one is held is a 409, and
 * so is any poll while a webhook is set.
 */
export async function getUpdates(
  bot: FakeBot,
  values: Record<string, unknown>,
  closed: AbortSignal,
): Promise<ApiAnswer> {
  if (bot.webhook) return failure(409, DESCRIPTIONS.webhookConflict);
  if (bot.polling > 0) return failure(409, DESCRIPTIONS.pollConflict);
  const offset = Number(values.offset ?? 0);
  if (offset > 0) removeWhile(bot.updates, (update) => update.update_id < offset);
  const allowed = jsonParam<string[]>(values.allowed_updates);
  if (Array.isArray(allowed)) bot.allowedUpdates = allowed.length > 0 ? allowed : undefined;
  const limit = Math.min(Math.max(Number(values.limit ?? 100), 1), 100);
  const timeoutMs = Math.max(Number(values.timeout ?? 0), 0) * 1000;
  let ready = pending(bot, limit);
  if (ready.length > 0 || timeoutMs === 0) return ok(ready);
  bot.polling++;
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = bot.subscribe(() => {
        if (pending(bot, limit).length > 0 || bot.webhook || bot.revoked) done();
      });
      closed.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        unsubscribe();
        closed.removeEventListener('abort', done);
        resolve();
      }
    });
  } finally {
    bot.polling--;
  }
  if (bot.revoked) return failure(401, DESCRIPTIONS.unauthorized);
  if (bot.webhook) return failure(409, DESCRIPTIONS.webhookConflict);
  ready = pending(bot, limit);
  return ok(ready);
}

/** Unconfirmed updates of the allowed kinds (others are dropped, as Telegram never sends them). */
export function pending(bot: FakeBot, limit = 100): TgUpdate[] {
  const allowed = bot.allowedUpdates;
  if (allowed) removeWhile(bot.updates, (update) => !allowed.includes(updateKind(update)), true);
  return bot.updates.slice(0, limit);
}

function removeWhile(updates: TgUpdate[], drop: (update: TgUpdate) => boolean, anywhere = false): void {
  for (let index = 0; index < updates.length; ) {
    if (drop(updates[index]!)) updates.splice(index, 1);
    else if (anywhere) index++;
    else return;
  }
}
