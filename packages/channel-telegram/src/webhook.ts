import { createHash, timingSafeEqual } from 'node:crypto';
import type { ChannelAccount, InboundMessage } from '@lifeosai/channel-spec';
import type { Update } from 'grammy/types';
import { toInboundMessage } from './inbound.ts';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * Checks a webhook delivery's `X-Telegram-Bot-Api-Secret-Token` in constant time (digests of
 * equal length, so neither the secret's length nor its prefix leaks) before the body is read.
 * Wrong or missing secret → null; a body that is not an update → no messages.
 */
export function parseTelegramWebhook(
  delivery: { headers: Record<string, string | string[] | undefined>; body: unknown },
  expected: { secretToken: string; account: ChannelAccount },
): InboundMessage[] | null {
  const header = Object.entries(delivery.headers).find(([name]) => name.toLowerCase() === SECRET_HEADER)?.[1];
  if (typeof header !== 'string' || expected.secretToken === '') return null;
  const given = createHash('sha256').update(header).digest();
  const wanted = createHash('sha256').update(expected.secretToken).digest();
  if (!timingSafeEqual(given, wanted)) return null;
  const update = parseBody(delivery.body);
  if (!update) return [];
  const message = toInboundMessage(update, {
    id: Number(expected.account.id),
    username: expected.account.name.replace(/^@/, ''),
  });
  return message ? [message] : [];
}

function parseBody(body: unknown): Update | null {
  let value = body;
  try {
    if (typeof value === 'string') value = JSON.parse(value);
    else if (value instanceof Uint8Array) value = JSON.parse(Buffer.from(value).toString('utf8'));
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || typeof (value as Update).update_id !== 'number') return null;
  return value as Update;
}
