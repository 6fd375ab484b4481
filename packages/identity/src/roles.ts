/** Organization roles, most powerful first (owner ⊃ admin ⊃ member). */
export const roles = ['owner', 'admin', 'member'] as const;

/** A role in an organization. */
export type Role = (typeof roles)[number];

/** Higher outranks lower; a role may do everything a lower one may. */
const rank: Record<Role, number> = { owner: 3, admin: 2, member: 1 };

/** True when `role` is at least `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

/**
 * The organization role better-auth stored (`member.role`, `invitation.role`). It may be a
 * comma-separated list; the strongest one counts, and anything unknown is a member.
 */
export function strongestRole(stored: string | null | undefined): Role {
  const listed = (stored ?? '').split(',').map((item) => item.trim());
  return roles.find((role) => listed.includes(role)) ?? 'member';
}

/**
 * Whether better-auth's user role (`user.role`, the admin plugin's, possibly a comma-separated
 * list) makes the account an admin of the whole instance.
 */
export function isInstanceAdminRole(stored: string | null | undefined): boolean {
  return (stored ?? '').split(',').some((item) => item.trim() === 'admin');
}
