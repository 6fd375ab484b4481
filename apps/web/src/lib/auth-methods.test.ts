import { describe, expect, it } from 'vitest';
import { fallbackAuthMethods, parseAuthMethods } from './auth-methods.ts';

describe('parseAuthMethods', () => {
  it('keeps what the auth service reports', () => {
    const methods = {
      emailAndPassword: true,
      requireEmailVerification: true,
      passwordReset: false,
      social: [
        { id: 'google', name: 'Google' },
        { id: 'microsoft', name: 'Microsoft' },
      ],
      mailOutbox: false,
    };
    expect(parseAuthMethods(methods)).toEqual(methods);
  });

  it('shows no button it cannot start, and falls back to email and password on a bad body', () => {
    expect(
      parseAuthMethods({
        social: [{ id: 'github', name: 'GitHub' }, { id: 'google' }, null],
        mailOutbox: 'yes',
      }),
    ).toEqual({ ...fallbackAuthMethods, social: [{ id: 'google', name: 'google' }] });
    expect(parseAuthMethods('<html>')).toEqual(fallbackAuthMethods);
    expect(parseAuthMethods(null)).toEqual(fallbackAuthMethods);
  });
});
