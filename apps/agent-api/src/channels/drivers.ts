import type { ChannelDriver } from '@lifeosai/channel-spec';
import {
  createTelegramChannel,
  TELEGRAM_DEFAULT_API_ROOT,
  telegramChannel,
} from '@lifeosai/channel-telegram';
import { whatsappChannel } from '@lifeosai/channel-whatsapp';

/** The registered networks, one line each. The platform never imports a network SDK itself. */
const registered: readonly ChannelDriver[] = [
  telegramChannel, // Bot API root: TELEGRAM_API_ROOT (default the public Bot API)
  whatsappChannel,
];

/**
 * The drivers by type; `overrides` replace one by type or add one (tests: Telegram at a fake Bot
 * API's root, WhatsApp on a fake socket). With `env` (the service's own environment), Telegram's
 * Bot API root is read from it, not from `process.env`, which other services may share.
 */
export function channelDrivers(
  overrides: readonly ChannelDriver[] = [],
  env?: Record<string, string | undefined>,
): ReadonlyMap<string, ChannelDriver> {
  const drivers = new Map<string, ChannelDriver>();
  const configured = env
    ? [createTelegramChannel({ apiRoot: env.TELEGRAM_API_ROOT || TELEGRAM_DEFAULT_API_ROOT })]
    : [];
  for (const driver of [...registered, ...configured, ...overrides]) drivers.set(driver.type, driver);
  return drivers;
}
