import { PlatformError } from '@lifeosai/errors';
import type { Identity } from './identity.ts';

const rank: Record<Identity['role'], number> = { owner: 3, admin: 2, member: 1 };

/**
 * Refuses (403) a caller whose organization role is below `needed` (owner ⊃ admin ⊃ member).
 * `action` completes "Only an admin or owner of the organization can …".
 */
export function requireRole(identity: Identity, needed: 'admin' | 'owner', action: string): void {
  if (rank[identity.role] >= rank[needed]) return;
  const who = needed === 'owner' ? 'an owner' : 'an admin or owner';
  throw new PlatformError(
    'FORBIDDEN',
    `Only ${who} of the organization can ${action}; your role is ${identity.role}. Ask ${who} to change your role.`,
  );
}
