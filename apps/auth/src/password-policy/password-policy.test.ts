import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';
import { weakPasswordProblem } from './weak-password.ts';

const strong = 'correct horse battery staple';

describe('the password rule', () => {
  it.each([
    ['password', 'shorter than 12'],
    ['12345678', 'shorter than 12'],
    ['Password1234!', 'most common'],
    ['!!qwerty123456', 'most common'],
    ['123qweasdzxc', 'most common'],
    ['passwordpassword', 'most common'],
    ['abcabcabcabc', 'most common'],
    ['aaaaaaaaaaaa', 'most common'],
    ['abcdefghijkl', 'most common'],
    ['987654321098', 'most common'],
  ])('refuses %s, saying why and what to do', (password, why) => {
    const problem = weakPasswordProblem(password);
    expect(problem).toContain(why);
    expect(problem).toContain('A few unrelated words');
  });

  it('refuses a password past the maximum length', () => {
    expect(weakPasswordProblem('x'.repeat(129))).toContain('longer than 128');
  });

  it.each([strong, 'Tr0ub4dor&3-plus', '839201746519', 'mango tulip 42 jetty'])('accepts %s', (password) => {
    expect(weakPasswordProblem(password)).toBeUndefined();
  });
});

// Not a data-tier behaviour: one database is enough.
describe('the auth service enforces it', () => {
  let auth: TestAuthService;
  beforeAll(async () => {
    auth = await startTestAuthService('sqlite');
  });
  afterAll(() => auth?.stop());

  it('on sign-up: a weak password is a 400 PASSWORD_TOO_WEAK and no account', async () => {
    for (const password of ['password', '12345678', 'password1234']) {
      const refused = await auth.client().signUp({ name: 'Weak', email: 'weak@example.com', password });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
      expect(refused.json.error.message).toMatch(/At least 12 characters/);
    }
    expect((await auth.client().signIn({ email: 'weak@example.com', password: 'password1234' })).status).toBe(
      401,
    );
    expect(
      (await auth.client().signUp({ name: 'Weak', email: 'weak@example.com', password: strong })).status,
    ).toBe(200);
  });

  it('on change: needs the current password, refuses a weak new one, and can sign out other sessions', async () => {
    const browser = auth.client();
    await browser.signUp({ name: 'Changer', email: 'changer@example.com', password: strong });
    const elsewhere = auth.client();
    await elsewhere.signIn({ email: 'changer@example.com', password: strong });

    const weak = await browser.post('/api/auth/change-password', {
      currentPassword: strong,
      newPassword: 'qwerty123456',
    });
    expect(weak.status).toBe(400);
    expect(weak.json.error.code).toBe('PASSWORD_TOO_WEAK');

    const wrongCurrent = await browser.post('/api/auth/change-password', {
      currentPassword: 'not my password at all',
      newPassword: 'a new and better passphrase',
    });
    expect(wrongCurrent.status).toBe(400);

    const changed = await browser.post('/api/auth/change-password', {
      currentPassword: strong,
      newPassword: 'a new and better passphrase',
      revokeOtherSessions: true,
    });
    expect(changed.status).toBe(200);
    expect((await elsewhere.session())?.user).toBeUndefined();
    expect((await browser.session())?.user?.email).toBe('changer@example.com');
    const again = auth.client();
    expect((await again.signIn({ email: 'changer@example.com', password: strong })).status).toBe(401);
    expect(
      (await again.signIn({ email: 'changer@example.com', password: 'a new and better passphrase' })).status,
    ).toBe(200);
  });

  it('on reset: a weak new password is refused and the link still works for a good one', async () => {
    await auth.client().signUp({ name: 'Resetter', email: 'resetter@example.com', password: strong });
    await auth.client().post('/api/auth/request-password-reset', {
      email: 'resetter@example.com',
      redirectTo: '/reset-password',
    });
    const mail = auth.lastMail('resetter@example.com', 'password-reset')!;
    const token = new URL(mail.url).pathname.split('/').pop();
    const weak = await auth.client().post('/api/auth/reset-password', { token, newPassword: 'iloveyou2024' });
    expect(weak.status).toBe(400);
    expect(weak.json.error.code).toBe('PASSWORD_TOO_WEAK');
    const good = await auth
      .client()
      .post('/api/auth/reset-password', { token, newPassword: 'reset to a long phrase' });
    expect(good.status).toBe(200);
  });
});
