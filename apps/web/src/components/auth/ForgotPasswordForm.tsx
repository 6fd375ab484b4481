'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import styles from './auth.module.css';
import { authMessage } from './auth-messages.ts';
import { DevMailboxNotice } from './DevMailboxNotice.tsx';

/**
 * Asks for a reset link. The auth service answers the same whether or not an account uses
 * the address (so the page cannot be used to find out who has an account); the link ends on
 * `/reset-password?token=…`.
 */
export function ForgotPasswordForm({ devMailbox }: { devMailbox: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ to: string; at: number } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    setError(null);
    const at = Date.now();
    try {
      await api('/api/auth/request-password-reset', { body: { email: to, redirectTo: '/reset-password' } });
      setSent({ to, at });
    } catch (caught) {
      setError(caught instanceof ApiError ? authMessage(caught.code, caught.message) : errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <p className="brand">LIFEOSAI</p>
      <h1>Reset your password</h1>
      {sent ? (
        <div className="card stack">
          <p role="status">
            If an account uses <strong>{sent.to}</strong>, we sent it a link to set a new password. Check your
            inbox; the link works once, for one hour.
          </p>
          {devMailbox ? <DevMailboxNotice email={sent.to} kind="password-reset" since={sent.at} /> : null}
          <button type="button" className="link" onClick={() => setSent(null)}>
            Use another address
          </button>
        </div>
      ) : (
        <form onSubmit={submit} className="card stack" aria-label="Reset password">
          <p className="muted small">Enter the email address of your account and we will send you a link.</p>
          <label>
            Email
            <input name="email" type="email" autoComplete="email" required />
          </label>
          {error ? (
            <p role="alert" className="error">
              {error}
            </p>
          ) : null}
          <button type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Send reset link'}
          </button>
        </form>
      )}
      <p className={`${styles.linkRow} muted`}>
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </main>
  );
}
