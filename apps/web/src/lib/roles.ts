import type { Me } from './api.ts';

/** Admins and owners create, change and delete agents; members use them (the Agent API's rule). */
export function canManageAgents(me: Me | null): boolean {
  return me?.role === 'owner' || me?.role === 'admin';
}
