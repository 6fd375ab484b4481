import { PlatformError } from '@lifeosai/errors';

/** `PLUGIN_INVALID` (400) with the reason a person can fix. */
export function invalidPlugin(reason: string): PlatformError {
  return new PlatformError('PLUGIN_INVALID', `The plugin bundle cannot be used: ${reason}.`);
}
