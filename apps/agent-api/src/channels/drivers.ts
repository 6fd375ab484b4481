import type { ChannelDriver } from '@lifeosai/channel-spec';

/**
 * The registered networks, one line each; `overrides` replaces a driver by type (tests give the
 * WhatsApp driver a fake socket). The platform never imports a network SDK itself.
 */
export function channelDrivers(overrides: readonly ChannelDriver[] = []): ReadonlyMap<string, ChannelDriver> {
  const drivers = new Map<string, ChannelDriver>();
  for (const driver of overrides) drivers.set(driver.type, driver);
  return drivers;
}
