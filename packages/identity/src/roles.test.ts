import { describe, expect, it } from 'vitest';
import { hasRole, isInstanceAdminRole, roles, strongestRole } from './roles.ts';

describe('organization roles', () => {
  it('rank owner over admin over member', () => {
    const allowed = roles.flatMap((role) =>
      roles.filter((needed) => hasRole(role, needed)).map((needed) => `${role}≥${needed}`),
    );
    expect(allowed).toEqual([
      'owner≥owner',
      'owner≥admin',
      'owner≥member',
      'admin≥admin',
      'admin≥member',
      'member≥member',
    ]);
  });

  it("read better-auth's stored role: the strongest of a list, unknown or missing as member", () => {
    expect(strongestRole('owner')).toBe('owner');
    expect(strongestRole('member, admin')).toBe('admin');
    expect(strongestRole('member,owner,admin')).toBe('owner');
    expect(strongestRole('superuser')).toBe('member');
    expect(strongestRole('')).toBe('member');
    expect(strongestRole(null)).toBe('member');
    // A name that merely contains a role is not that role.
    expect(strongestRole('co-owner')).toBe('member');
  });

  it('know the instance admin by the user role, listed or alone', () => {
    expect(isInstanceAdminRole('admin')).toBe(true);
    expect(isInstanceAdminRole('user, admin')).toBe(true);
    expect(isInstanceAdminRole('user')).toBe(false);
    expect(isInstanceAdminRole('administrator')).toBe(false);
    expect(isInstanceAdminRole(null)).toBe(false);
  });
});
