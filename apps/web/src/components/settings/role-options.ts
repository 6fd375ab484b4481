import type { Me } from '../../lib/api.ts';

/** Organization roles, most powerful first (the gateway's `roles`). */
export const roleChoices = ['owner', 'admin', 'member'] as const;
export type RoleChoice = (typeof roleChoices)[number];

/** Admins and owners manage members, invitations, providers and secrets. */
export function canManage(me: Me | null): boolean {
  return me?.role === 'owner' || me?.role === 'admin';
}

/** The roles the caller may hand out: only an owner grants the owner role. */
export function grantableRoles(me: Me | null): RoleChoice[] {
  if (me?.role === 'owner') return [...roleChoices];
  if (me?.role === 'admin') return ['admin', 'member'];
  return [];
}
