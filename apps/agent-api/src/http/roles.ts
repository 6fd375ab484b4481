import { PlatformError } from '@lifeosai/errors';
import { hasRole } from '@lifeosai/identity';
import type { Identity } from './identity.ts';

/**
 * Refuses (403) a caller whose organization role is below `needed` (owner ⊃ admin ⊃ member).
 * `action` completes "Only an admin or owner of the organization can …".
 */
export function requireRole(identity: Identity, needed: 'admin' | 'owner', action: string): void {
  if (hasRole(identity.role, needed)) return;
  const who = needed === 'owner' ? 'an owner' : 'an admin or owner';
  throw new PlatformError(
    'FORBIDDEN',
    `Only ${who} of the organization can ${action}; your role is ${identity.role}. Ask ${who} to change your role.`,
  );
}
