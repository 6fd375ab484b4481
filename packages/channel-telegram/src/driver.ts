import type { ChannelCredentials, ChannelDriver } from '@lifeosai/channel-spec';
import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff.ts';
import { connectTelegram } from './connection.ts';
import { formatTelegramHtml } from './format/index.ts';
import { verifyBotToken } from './verify.ts';
import { parseTelegramWebhook } from './webhook.ts';

export const TELEGRAM_DEFAULT_API_ROOT = 'https://api.telegram.org';

/** Options of `createTelegramChannel`; tests shorten the waits. */
export interface TelegramChannelOptions {
  /** The Bot API root (a self-hosted Bot API server, a fake); read from `TELEGRAM_API_ROOT` when absent. */
  apiRoot?: string;
  /** getUpdates' long-poll timeout in seconds (default 25). */
  pollTimeoutSeconds?: number;
  /** Retry delays after a failure (default 1 s doubling up to 60 s, jittered). */
  backoff?: Partial<BackoffOptions>;
}

/** The Telegram channel on grammY. Without `apiRoot`, `TELEGRAM_API_ROOT` is read at each use. */
export function createTelegramChannel(options: TelegramChannelOptions = {}) {
  const apiRoot = () => options.apiRoot ?? (process.env.TELEGRAM_API_ROOT || TELEGRAM_DEFAULT_API_ROOT);
  return {
    specificationVersion: 'v1',
    type: 'telegram',
    displayName: 'Telegram',
    capabilities: {
      textLimit: 4096,
      media: { images: true, voice: true, documents: true },
      // The Bot API lets bots download files up to 20 MB.
      maxMediaBytes: 20 * 1024 * 1024,
      typing: true,
      edits: true,
      buttons: true,
      groups: true,
      markup: 'html',
      webhook: true,
      interactiveLogin: false,
    },
    verifyCredentials: (credentials: ChannelCredentials, signal?: AbortSignal) =>
      verifyBotToken(credentials.botToken, apiRoot(), signal),
    // Wrapped: called as a callback (`texts.map(driver.format)`) an index must not become the limit.
    format: (markdown: string) => formatTelegramHtml(markdown),
    connect: (context) =>
      connectTelegram(context, {
        apiRoot: apiRoot(),
        pollTimeoutSeconds: options.pollTimeoutSeconds ?? 25,
        backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      }),
    parseWebhook: parseTelegramWebhook,
  } satisfies ChannelDriver;
}

/** The driver the Agent API registers (`TELEGRAM_API_ROOT`, default the public Bot API). */
export const telegramChannel = createTelegramChannel();
