import type { ChannelDriver } from '@lifeosai/channel-spec';
import { telegramChannel } from '@lifeosai/channel-telegram';
import { whatsappChannel } from '@lifeosai/channel-whatsapp';

/** The registered networks, one line each. The platform never imports a network SDK itself. */
const registered: readonly ChannelDriver[] = [
  telegramChannel, // Bot API root: TELEGRAM_API_ROOT (default the public Bot API)
  whatsappChannel,
];

/**
 * The drivers by type; `overrides` replace one by type or add one (tests: Telegram at a fake Bot
 * API's root, WhatsApp on a fake socket).
 */
export function channelDrivers(overrides: readonly ChannelDriver[] = []): ReadonlyMap<string, ChannelDriver> {
  const drivers = new Map<string, ChannelDriver>();
  for (const driver of [...registered, ...overrides]) drivers.set(driver.type, driver);
  return drivers;
}
