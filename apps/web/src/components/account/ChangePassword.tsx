'use client';

import { passwordPolicy, passwordRule } from '@lifeosai/identity/password-policy';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { authMessage } from '../auth/auth-messages.ts';
import { StatusLine } from '../StatusLine.tsx';

/** The person's password: the current one is needed; other devices can be signed out at once. */
export function ChangePassword() {
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const newPassword = String(data.get('newPassword') ?? '');
    setError(null);
    setStatus(null);
    if (newPassword !== String(data.get('confirm') ?? '')) {
      setError('The two new passwords differ; type the same one twice.');
      return;
    }
    setBusy(true);
    try {
      await api('/api/auth/change-password', {
        body: {
          currentPassword: String(data.get('currentPassword') ?? ''),
          newPassword,
          revokeOtherSessions: data.get('signOutOthers') === 'on',
        },
      });
      form.reset();
      setStatus('Password changed. Use the new one next time you sign in.');
    } catch (caught) {
      const code = (caught as { code?: string }).code;
      setError(
        code === 'INVALID_PASSWORD'
          ? 'The current password is wrong; type the one you sign in with now.'
          : authMessage(code, errorMessage(caught)),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form onSubmit={change} className="stack" aria-label="Change password">
        <label>
          Current password
          <input name="currentPassword" type="password" autoComplete="current-password" required />
        </label>
        <label>
          New password
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            minLength={passwordPolicy.minLength}
            maxLength={passwordPolicy.maxLength}
            required
            aria-describedby="account-password-rule"
          />
        </label>
        <p id="account-password-rule" className="muted small">
          {passwordRule}
        </p>
        <label>
          Repeat the new password
          <input name="confirm" type="password" autoComplete="new-password" required />
        </label>
        <label className="choice">
          <input name="signOutOthers" type="checkbox" defaultChecked />
          Sign out my other devices
        </label>
        <StatusLine error={error} status={status} />
        <button type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
