'use client';

import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { withNext } from '../../lib/next-path.ts';
import { authMessage } from './auth-messages.ts';
import { OutboxNotice } from './OutboxNotice.tsx';

/**
 * Where a verification link lands (better-auth adds `&error=<CODE>` when it fails), carrying
 * on to `next` (a checked path on this site) when the visitor came from a link that needed an
 * account.
 */
export function verifyCallbackFor(next: string | null | undefined): string {
  return withNext('/verify-email?verified=1', next);
}

/**
 * Sends a new verification link to `email` (or to the address typed in, when none is known).
 * The auth service answers the same whether or not an account uses the address.
 */
export function ResendVerification({
  email,
  mailOutbox,
  next,
}: {
  email?: string;
  /** No mail server: say where the link goes instead (never the link itself). */
  mailOutbox: boolean;
  /** Where the new link's landing page continues to (see `verifyCallbackFor`). */
  next?: string | null;
}) {
  const [address, setAddress] = useState(email ?? '');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<{ to: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function resend(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const to = address.trim();
    if (!to) return;
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/send-verification-email', {
        body: { email: to, callbackURL: verifyCallbackFor(next) },
      });
      setSent({ to });
    } catch (caught) {
      setError(caught instanceof ApiError ? authMessage(caught.code, caught.message) : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={resend} className="stack" aria-label="Resend verification">
      {email ? null : (
        <label>
          Email
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
        </label>
      )}
      <button type="submit" className="secondary" disabled={busy || !address.trim()}>
        {busy ? 'Sending…' : 'Resend verification email'}
      </button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {sent ? (
        <p role="status" className="small">
          If an account uses {sent.to} and it is not verified yet, a new link is on its way. Check your inbox.
        </p>
      ) : null}
      {sent && mailOutbox ? <OutboxNotice /> : null}
    </form>
  );
}
