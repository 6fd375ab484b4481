import type { ChannelConnection, ChannelContext } from '@lifeosai/channel-spec';
import { createTelegramApi, grammySignal } from './api-client.ts';
import { type BackoffOptions, backoffDelay, sleep } from './backoff.ts';
import { downloadFile } from './download.ts';
import type { BotIdentity } from './inbound.ts';
import { editMessage, sendMessage, sendTyping } from './outbound.ts';
import { ALLOWED_UPDATES, runPoller } from './poller.ts';
import { classifyTelegramError } from './telegram-errors.ts';

/** How a connection reaches Telegram (the driver's options, resolved). */
export interface TelegramConnectionOptions {
  apiRoot: string;
  pollTimeoutSeconds: number;
  backoff: BackoffOptions;
}

/**
 * One bot's connection: a poll loop (or, with the webhook transport, `setWebhook` at start;
 * the platform's route receives the updates), and the calls that send. Sends use their own
 * client, so a poll connection being replaced after a conflict never cuts a send.
 */
export function connectTelegram(
  context: ChannelContext,
  options: TelegramConnectionOptions,
): ChannelConnection {
  const token = (context.credentials.botToken ?? '').trim();
  const sender = createTelegramApi(token, options.apiRoot);
  const stopping = new AbortController();
  const signal = AbortSignal.any([stopping.signal, context.signal]);
  let running: Promise<void> | undefined;
  let identity: BotIdentity | undefined;

  const whoAmI = async (): Promise<BotIdentity> => {
    if (!identity) {
      const me = await sender.api.getMe(grammySignal(signal));
      identity = { id: me.id, username: me.username };
    }
    return identity;
  };

  const registerWebhook = async (transport: { url: string; secretToken: string }) => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const bot = await whoAmI();
        await sender.api.setWebhook(
          transport.url,
          { secret_token: transport.secretToken, allowed_updates: [...ALLOWED_UPDATES] },
          grammySignal(signal),
        );
        context.onStatus({ status: 'connected', account: { id: String(bot.id), name: `@${bot.username}` } });
        return;
      } catch (error) {
        const failure = classifyTelegramError(error, token);
        if (signal.aborted || failure.kind === 'aborted') return;
        if (failure.kind === 'unauthorized' || failure.kind === 'refused') {
          context.onStatus({
            status: 'error',
            reason: failure.kind === 'unauthorized' ? 'credentials_invalid' : 'unknown',
            retrying: false,
            message:
              failure.kind === 'unauthorized'
                ? 'Telegram refused the bot token (it was revoked or changed in BotFather). Copy the token again from BotFather and connect the bot again.'
                : `Telegram refused the webhook (${failure.description}). Check that the public URL is HTTPS and reachable, or use polling.`,
          });
          return;
        }
        const delay = Math.max(backoffDelay(attempt, options.backoff), failure.retryAfterMs ?? 0);
        context.onStatus({
          status: 'error',
          reason: 'network',
          retrying: true,
          message: `Telegram could not be reached to set the webhook (${failure.description}); retrying.`,
        });
        await sleep(delay, signal);
      }
    }
  };

  return {
    async start() {
      if (running) return;
      context.onStatus({ status: 'connecting' });
      const transport = context.transport;
      running =
        transport.kind === 'webhook'
          ? registerWebhook(transport)
          : runPoller(
              context,
              {
                token,
                apiRoot: options.apiRoot,
                pollTimeoutSeconds: options.pollTimeoutSeconds,
                backoff: options.backoff,
              },
              whoAmI,
              signal,
            );
      running = running.catch((error: unknown) => {
        context.log.error(
          { description: classifyTelegramError(error, token).description },
          'telegram: connection loop failed',
        );
      });
    },
    async stop() {
      // The webhook stays set: the platform decides whether another instance takes over.
      stopping.abort();
      await running;
      sender.dispose();
    },
    send: (message) => sendMessage(sender, token, message),
    typing: (chatId) => sendTyping(sender, token, chatId),
    edit: (chatId, networkMessageId, text) => editMessage(sender, token, chatId, networkMessageId, text),
    download: (ref, maxBytes) => downloadFile(sender, { token, apiRoot: options.apiRoot }, ref, maxBytes),
  };
}
