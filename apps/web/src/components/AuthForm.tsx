'use client';

import { passwordPolicy, passwordRule } from '@lifeosai/identity/password-policy';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../lib/api.ts';
import type { AuthMethods } from '../lib/auth-methods.ts';
import { withNext } from '../lib/next-path.ts';
import styles from './auth/auth.module.css';
import { authMessage } from './auth/auth-messages.ts';
import { ResendVerification, verifyCallbackFor } from './auth/ResendVerification.tsx';
import { SocialButtons } from './auth/SocialButtons.tsx';

/** A message to show above the form, from where the visitor came (`?reset=1`, `?error=`). */
export interface AuthNotice {
  tone: 'info' | 'error';
  text: string;
}

interface Props {
  mode: 'sign-in' | 'sign-up';
  methods: AuthMethods;
  notice?: AuthNotice | null;
  /**
   * Where to go once signed in (a path on this site, already checked with `safeNextPath`):
   * a link that needed an account, such as an invitation. Without it, sign-in goes home and
   * sign-up to onboarding.
   */
  next?: string | null;
}

/** Sign in or create an account: email and password, plus Google/Microsoft when configured. */
export function AuthForm({ mode, methods, notice, next = null }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [unverified, setUnverified] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    setBusy(true);
    setError(null);
    setUnverified(null);
    try {
      if (mode === 'sign-up') {
        const created = await api<{ token?: string | null }>('/api/auth/sign-up/email', {
          body: {
            name: form.get('name'),
            email,
            password: form.get('password'),
            callbackURL: verifyCallbackFor(next),
          },
        });
        // No session until the address is confirmed when the install requires it.
        if (!created?.token) {
          router.replace(withNext(`/verify-email?${new URLSearchParams({ email, sent: '1' })}`, next));
          return;
        }
        router.replace(next ?? '/onboarding');
      } else {
        await api('/api/auth/sign-in/email', {
          body: { email, password: form.get('password'), callbackURL: verifyCallbackFor(next) },
        });
        router.replace(next ?? '/');
      }
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'EMAIL_NOT_VERIFIED') setUnverified(email);
      setError(caught instanceof ApiError ? authMessage(caught.code, caught.message) : errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <p className="brand">LIFEOSAI</p>
      <h1>{mode === 'sign-up' ? 'Create your account' : 'Sign in'}</h1>
      {notice ? (
        <p
          role={notice.tone === 'error' ? 'alert' : 'status'}
          className={notice.tone === 'error' ? 'error' : `notice ${styles.success}`}
        >
          {notice.text}
        </p>
      ) : null}
      <div className="card stack">
        <SocialButtons providers={methods.social} next={next} />
        {methods.emailAndPassword ? (
          <form onSubmit={submit} className="stack" aria-label={mode === 'sign-up' ? 'Sign up' : 'Sign in'}>
            {mode === 'sign-up' ? (
              <label>
                Name
                <input name="name" autoComplete="name" required />
              </label>
            ) : null}
            <label>
              Email
              <input name="email" type="email" autoComplete="email" required />
            </label>
            <label>
              Password
              <input
                name="password"
                type="password"
                autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
                minLength={mode === 'sign-up' ? passwordPolicy.minLength : undefined}
                required
                aria-describedby={mode === 'sign-up' ? 'password-rule' : undefined}
              />
            </label>
            {mode === 'sign-up' ? (
              <p id="password-rule" className={`muted small ${styles.hint}`}>
                {passwordRule}
              </p>
            ) : null}
            {error ? (
              <p role="alert" className="error">
                {error}
              </p>
            ) : null}
            <button type="submit" disabled={busy}>
              {mode === 'sign-up' ? 'Sign up' : 'Sign in'}
            </button>
          </form>
        ) : null}
        {unverified ? (
          <ResendVerification email={unverified} mailOutbox={methods.mailOutbox} next={next} />
        ) : null}
      </div>
      <div className={`${styles.linkRow} muted`}>
        {mode === 'sign-up' ? (
          <span>
            Already have an account? <Link href={withNext('/sign-in', next)}>Sign in</Link>
          </span>
        ) : (
          <>
            <span>
              New here? <Link href={withNext('/sign-up', next)}>Create an account</Link>
            </span>
            {methods.emailAndPassword && methods.passwordReset ? (
              <Link href="/forgot-password">Forgot password?</Link>
            ) : null}
          </>
        )}
      </div>
    </main>
  );
}
