'use client';

import { passwordPolicy, passwordRule } from '@lifeosai/identity/password-policy';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import styles from './auth.module.css';
import { authMessage } from './auth-messages.ts';

/** Codes after which the link cannot work: the form gives way to "ask for a new link". */
const deadLinkCodes = new Set(['INVALID_TOKEN', 'TOKEN_EXPIRED']);

/**
 * The page a reset link lands on (`?token=`, or `?error=INVALID_TOKEN` when the auth service
 * already knows the link is dead). A new password twice, then sign in with it.
 */
export function ResetPasswordForm({
  token,
  error: linkError,
}: {
  token: string | null;
  error: string | null;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deadLink, setDeadLink] = useState<string | null>(
    linkError ? authMessage(linkError) : token ? null : 'This page needs the link from the reset email.',
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/reset-password', { body: { newPassword: password, token } });
      router.replace('/sign-in?reset=1');
    } catch (caught) {
      if (caught instanceof ApiError && deadLinkCodes.has(caught.code)) setDeadLink(authMessage(caught.code));
      else
        setError(
          caught instanceof ApiError ? authMessage(caught.code, caught.message) : errorMessage(caught),
        );
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <p className="brand">LIFEOSAI</p>
      <h1>Choose a new password</h1>
      {deadLink ? (
        <div className="card stack">
          <p role="alert" className="error">
            {deadLink}
          </p>
          <p>
            <Link href="/forgot-password">Ask for a new reset link</Link>
          </p>
        </div>
      ) : (
        <form onSubmit={submit} className="card stack" aria-label="Choose a new password">
          <label>
            New password
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={passwordPolicy.minLength}
              required
              aria-describedby="new-password-rule"
            />
          </label>
          <p id="new-password-rule" className={`muted small ${styles.hint}`}>
            {passwordRule} Changing it signs you out on every device.
          </p>
          <label>
            Repeat the new password
            <input
              name="confirm"
              type="password"
              autoComplete="new-password"
              minLength={passwordPolicy.minLength}
              required
            />
          </label>
          {error ? (
            <p role="alert" className="error">
              {error}
            </p>
          ) : null}
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Set new password'}
          </button>
        </form>
      )}
      <p className={`${styles.linkRow} muted`}>
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </main>
  );
}
