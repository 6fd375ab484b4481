'use client';

import type { CreatedInvitation, Invitation } from '@lifeosai/api-contract';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { CopyLink } from '../copy-link/CopyLink.tsx';
import { useMe } from '../Shell.tsx';
import { grantableRoles } from './role-options.ts';
import styles from './settings.module.css';

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/** Invite people by email with a role; pending invitations, each with Cancel. Admins and owners only. */
export function Invitations() {
  const me = useMe();
  const roles = grantableRoles(me);
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The invitation just sent, when it was not mailed (local mode): its link, to pass on by hand. */
  const [unmailed, setUnmailed] = useState<CreatedInvitation | null>(null);

  const load = useCallback(() => {
    api<{ items: Invitation[] }>('/api/orgs/current/invitations').then(
      (r) => setInvitations(r.items),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(load, [load]);

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role') ?? 'member');
    setBusy(true);
    setError(null);
    setStatus(null);
    setUnmailed(null);
    try {
      const created = await api<CreatedInvitation>('/api/orgs/current/invitations', {
        body: { email, role },
      });
      if (created.url) {
        setUnmailed(created);
        setStatus(`Invitation to ${email} created. No mail server is set up: send them this link yourself.`);
      } else setStatus(`Invitation sent to ${email}.`);
      form.reset();
      load();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function cancel(invitation: Invitation) {
    setError(null);
    setStatus(null);
    try {
      await api(`/api/orgs/current/invitations/${encodeURIComponent(invitation.id)}`, { method: 'DELETE' });
      setStatus(`Invitation to ${invitation.email} cancelled.`);
    } catch (caught) {
      setError(errorMessage(caught));
    }
    load();
  }

  return (
    <section className="card stack" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <form onSubmit={invite} className="row wrap" aria-label="Invite someone">
        <label className="grow">
          Email
          <input name="email" type="email" required autoComplete="off" placeholder="grace@example.com" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="member" aria-label="Role">
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Send invitation
        </button>
      </form>
      <p className="status-line" aria-live="polite">
        {error ? <span className="error">{error}</span> : (status ?? '\u00a0')}
      </p>
      {unmailed?.url ? (
        <CopyLink
          url={unmailed.url}
          fieldLabel={`Invitation link for ${unmailed.email}`}
          buttonLabel={`Copy the invitation link for ${unmailed.email}`}
        />
      ) : null}
      <h3 className={styles.subheading}>Pending</h3>
      {invitations && invitations.length === 0 ? <p className="muted">No pending invitations.</p> : null}
      <ul className="plain" aria-label="Pending invitations">
        {invitations?.map((invitation) => (
          <li key={invitation.id} className="row">
            <span className="grow">
              {invitation.email} <span className="badge">{invitation.role}</span>{' '}
              {invitation.expiresAt ? (
                <span className="muted small">
                  expires {dateFormat.format(new Date(invitation.expiresAt))}
                </span>
              ) : null}
            </span>
            <button
              type="button"
              className="secondary"
              aria-label={`Cancel the invitation to ${invitation.email}`}
              onClick={() => cancel(invitation)}
            >
              Cancel
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
