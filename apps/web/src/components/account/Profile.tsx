'use client';

import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { authMessage } from '../auth/auth-messages.ts';
import { useMe } from '../Shell.tsx';
import { StatusLine } from '../StatusLine.tsx';

/**
 * The person's name (better-auth's `update-user`). The email address is shown, not editable:
 * changing it needs the new address confirmed by mail, which this instance does not offer yet.
 */
export function Profile() {
  const me = useMe();
  const [name, setName] = useState(me?.name ?? '');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await api('/api/auth/update-user', { body: { name: name.trim() } });
      setStatus('Name saved.');
    } catch (caught) {
      setError(authMessage((caught as { code?: string }).code, errorMessage(caught)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <form onSubmit={save} className="stack" aria-label="Profile">
        <label>
          Name
          <input
            name="name"
            required
            maxLength={100}
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <p className="muted small">
          Email: <strong>{me?.email}</strong> (it cannot be changed here yet).
        </p>
        <StatusLine error={error} status={status} />
        <button type="submit" disabled={busy || !name.trim() || name.trim() === me?.name}>
          Save name
        </button>
      </form>
    </section>
  );
}
