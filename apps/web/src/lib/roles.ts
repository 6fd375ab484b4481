import { hasRole, type Role, roles } from '@lifeosai/identity/roles';
import type { Me } from './api.ts';

/** Whether the caller holds at least `needed` in its organization: the services' own ranking. */
export function atLeast(me: Me | null, needed: Role): boolean {
  const role = roles.find((known) => known === me?.role);
  return role !== undefined && hasRole(role, needed);
}

/** Admins and owners create, change and delete agents; members use them (the Agent API's rule). */
export function canManageAgents(me: Me | null): boolean {
  return atLeast(me, 'admin');
}
