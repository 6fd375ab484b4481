import type { ChannelContext, ChannelStatusUpdate, InboundMessage } from '@lifeosai/channel-spec';
import type { Update } from 'grammy/types';
import { createTelegramApi, grammySignal, type TelegramApi } from './api-client.ts';
import { type BackoffOptions, backoffDelay, sleep } from './backoff.ts';
import { type BotIdentity, toInboundMessage } from './inbound.ts';
import { classifyTelegramError } from './telegram-errors.ts';

/** The updates the platform handles; edited messages are left out on purpose (see inbound.ts). */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface PollerOptions {
  token: string;
  apiRoot: string;
  /** getUpdates' long-poll timeout in seconds (Telegram allows up to 50). */
  pollTimeoutSeconds: number;
  backoff: BackoffOptions;
}

/**
 * The long-poll loop. The offset moves past an update only after `onInbound` resolved for it
 * (journal before ack), so a crash or a failed journal write gets the same updates again. A
 * failure never loops tightly: each one waits a jittered, capped, growing delay. Returns when
 * `signal` aborts or the token is refused.
 */
export async function runPoller(
  context: ChannelContext,
  options: PollerOptions,
  identity: () => Promise<BotIdentity>,
  signal: AbortSignal,
): Promise<void> {
  const { log } = context;
  // A failure that repeats is said once (the owner sees the same last error); a change is said.
  let lastReason: string | undefined;
  const report = (update: ChannelStatusUpdate) => {
    const reason = update.status === 'error' ? `error:${update.reason}` : update.status;
    if (reason === lastReason) return;
    lastReason = reason;
    context.onStatus(update);
  };
  let client: TelegramApi = createTelegramApi(options.token, options.apiRoot);
  let offset: number | undefined;
  let failures = 0;
  // Apart from Telegram's failures: a poll that works must not reset a journal's backoff.
  let journalFailures = 0;
  let healthy = false;
  try {
    while (!signal.aborted) {
      try {
        const bot = await identity();
        // The first call after (re)starting does not wait, so "connected" is said at once.
        const updates = await client.api.getUpdates(
          {
            ...(offset === undefined ? {} : { offset }),
            timeout: healthy ? options.pollTimeoutSeconds : 0,
            limit: 100,
            allowed_updates: [...ALLOWED_UPDATES],
          },
          grammySignal(signal),
        );
        if (!healthy) {
          healthy = true;
          report({
            status: 'connected',
            account: { id: String(bot.id), name: `@${bot.username}` },
          });
        }
        failures = 0;
        if (updates.length === 0) continue;
        await deliver(context, updates, bot, log);
        journalFailures = 0;
        offset = updates.at(-1)!.update_id + 1;
        answerCallbackQueries(client, updates, log);
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof JournalError) {
          // The platform could not store the updates: keep the offset, try again later.
          log.warn(
            { attempt: journalFailures },
            'telegram: the platform did not journal the updates; they will be fetched again',
          );
          await sleep(backoffDelay(journalFailures++, options.backoff), signal);
          continue;
        }
        const failure = classifyTelegramError(error, options.token);
        if (failure.kind === 'aborted') return;
        healthy = false;
        if (failure.kind === 'unauthorized') {
          report({
            status: 'error',
            reason: 'credentials_invalid',
            retrying: false,
            message:
              'Telegram refused the bot token (it was revoked or changed in BotFather). Copy the token again from BotFather and connect the bot again.',
          });
          log.warn({ code: failure.code }, 'telegram: bot token refused; polling stopped');
          return;
        }
        let delay = backoffDelay(failures++, options.backoff);
        if (failure.kind === 'conflict') {
          report({
            status: 'error',
            reason: 'conflict',
            retrying: true,
            message:
              "Another program is receiving this bot's messages (another getUpdates poller, or a webhook). The webhook was removed; retrying. Stop the other program if it keeps happening.",
          });
          log.warn(
            { description: failure.description, delayMs: delay },
            'telegram: 409 conflict; clearing the webhook and reconnecting',
          );
          client.dispose();
          client = createTelegramApi(options.token, options.apiRoot);
          await client.api
            .deleteWebhook({ drop_pending_updates: false }, grammySignal(signal))
            .catch(() => undefined);
        } else if (failure.kind === 'rate_limited') {
          delay = Math.max(delay, failure.retryAfterMs ?? 0);
          report({
            status: 'error',
            reason: 'rate_limited',
            retrying: true,
            message: `Telegram asked the bot to slow down; polling again in ${Math.ceil(delay / 1000)} s.`,
          });
        } else {
          report({
            status: 'error',
            reason: 'network',
            retrying: true,
            message: `Telegram could not be reached (${failure.description}); retrying in ${Math.ceil(delay / 1000)} s.`,
          });
          log.warn(
            { description: failure.description, delayMs: delay },
            'telegram: polling failed; retrying',
          );
        }
        await sleep(delay, signal);
      }
    }
  } finally {
    client.dispose();
  }
}

/** Marks a failure of `onInbound`, so the loop knows it is the journal, not Telegram. */
class JournalError extends Error {
  override readonly name = 'JournalError';
}

async function deliver(
  context: ChannelContext,
  updates: Update[],
  bot: BotIdentity,
  log: ChannelContext['log'],
) {
  const messages: InboundMessage[] = [];
  for (const update of updates) {
    const message = toInboundMessage(update, bot);
    if (message) messages.push(message);
    else log.debug({ updateId: update.update_id }, 'telegram: update skipped (nothing to handle)');
  }
  if (messages.length === 0) return;
  try {
    await context.onInbound(messages);
  } catch {
    throw new JournalError('journal failed');
  }
}

/** Stops the button's spinner once the press is journaled; a failure here loses nothing. */
function answerCallbackQueries(client: TelegramApi, updates: Update[], log: ChannelContext['log']): void {
  for (const update of updates) {
    const id = update.callback_query?.id;
    if (!id) continue;
    client.api
      .answerCallbackQuery(id)
      .catch(() => log.debug({ updateId: update.update_id }, 'telegram: answerCallbackQuery failed'));
  }
}
