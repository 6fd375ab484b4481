'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import styles from './auth.module.css';
import { authMessage } from './auth-messages.ts';
import { OutboxNotice } from './OutboxNotice.tsx';

/**
 * Asks for a reset link. The auth service answers the same whether or not an account uses
 * the address, and so does this page (it cannot be used to find out who has an account). The
 * link only ever reaches the inbox (or, without a mail server, the instance admin's outbox);
 * it ends on `/reset-password?token=…`.
 */
export function ForgotPasswordForm({ mailOutbox }: { mailOutbox: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ to: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/request-password-reset', { body: { email: to, redirectTo: '/reset-password' } });
      setSent({ to });
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
          {mailOutbox ? <OutboxNotice /> : null}
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
