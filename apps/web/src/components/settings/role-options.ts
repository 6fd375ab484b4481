import { type Role, roles } from '@lifeosai/identity/roles';
import type { Me } from '../../lib/api.ts';
import { atLeast } from '../../lib/roles.ts';

/** Admins and owners manage members, invitations, providers and secrets. */
export function canManage(me: Me | null): boolean {
  return atLeast(me, 'admin');
}

/** The roles the caller may hand out: only an owner grants the owner role. */
export function grantableRoles(me: Me | null): Role[] {
  if (atLeast(me, 'owner')) return [...roles];
  if (atLeast(me, 'admin')) return roles.filter((role) => role !== 'owner');
  return [];
}
