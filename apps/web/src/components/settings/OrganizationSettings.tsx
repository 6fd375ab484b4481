'use client';

import type { Organization } from '@lifeosai/api-contract';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../Shell.tsx';
import { StatusLine } from '../StatusLine.tsx';
import { canManage } from './role-options.ts';

/**
 * The active organization's name (admins and owners rename it) and, for its owner, deleting it
 * with its name typed again. A personal organization cannot be deleted; the section says so.
 */
export function OrganizationSettings() {
  const me = useMe();
  const manage = canManage(me);
  const [organization, setOrganization] = useState<Organization | null>(null);
  const [name, setName] = useState('');
  const [confirm, setConfirm] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Organization>('/api/orgs/current').then(
      (current) => {
        setOrganization(current);
        setName(current.name);
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, []);

  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const renamed = await api<Organization>('/api/orgs/current', {
        method: 'PATCH',
        body: { name: name.trim() },
      });
      setOrganization(renamed);
      setName(renamed.name);
      setStatus(`The organization is now called ${renamed.name}.`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function remove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await api('/api/orgs/current', { method: 'DELETE', body: { confirm } });
      // The session falls back to the personal organization: start over there.
      window.location.assign('/agents');
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  if (!organization) return null;
  return (
    <section className="card stack" aria-labelledby="organization-heading">
      <h2 id="organization-heading">Organization</h2>
      {manage ? (
        <form onSubmit={rename} className="row wrap" aria-label="Rename the organization">
          <label className="grow">
            Organization name
            <input
              name="organizationName"
              required
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <button type="submit" disabled={busy || !name.trim() || name.trim() === organization.name}>
            Rename
          </button>
        </form>
      ) : (
        <p>
          <strong>{organization.name}</strong>{' '}
          <span className="muted small">Admins and owners rename it.</span>
        </p>
      )}
      <StatusLine error={error} status={status} />
      {organization.role !== 'owner' ? null : organization.personal ? (
        <p className="muted small">
          This is your personal organization, made with your account: it cannot be deleted.
        </p>
      ) : (
        <form onSubmit={remove} className="stack" aria-label="Delete the organization">
          <h3>Delete this organization</h3>
          <p className="muted small">
            Its members lose access at once. Its agents, their conversations, files, secrets and provider keys
            are deleted; run costs stay in the usage history. Stop running agents first. This cannot be
            undone.
          </p>
          <label>
            Type <strong>{organization.name}</strong> to confirm
            <input
              name="confirmName"
              autoComplete="off"
              value={confirm}
              onChange={(event) => setConfirm(event.target.value)}
            />
          </label>
          <button type="submit" className="danger" disabled={busy || confirm !== organization.name}>
            Delete organization
          </button>
        </form>
      )}
    </section>
  );
}
