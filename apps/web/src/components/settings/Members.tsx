'use client';

import type { Member, Organization } from '@lifeosai/api-contract';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../Shell.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { canManage, grantableRoles } from './role-options.ts';
import styles from './settings.module.css';

/**
 * The active organization's members. Admins and owners change roles and remove people (an
 * owner's row only by an owner); everyone else sees the list.
 */
export function Members() {
  const me = useMe();
  const [organization, setOrganization] = useState<string | null>(null);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const manage = canManage(me);
  const grantable = grantableRoles(me);

  const load = useCallback(() => {
    api<{ items: Member[] }>('/api/orgs/current/members').then(
      (r) => setMembers(r.items),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    api<Organization>('/api/orgs/current').then(
      (r) => setOrganization(r.name),
      () => undefined,
    );
  }, []);

  async function changeRole(member: Member, role: string) {
    setError(null);
    setStatus(null);
    try {
      await api(`/api/orgs/current/members/${encodeURIComponent(member.id)}`, {
        method: 'PATCH',
        body: { role },
      });
      setStatus(`${member.name || member.email} is now ${role === 'admin' ? 'an' : 'a'} ${role}.`);
    } catch (caught) {
      setError(errorMessage(caught));
    }
    load();
  }

  async function remove(member: Member) {
    setRemoving(null);
    setError(null);
    setStatus(null);
    try {
      await api(`/api/orgs/current/members/${encodeURIComponent(member.id)}`, { method: 'DELETE' });
      setStatus(`${member.name || member.email} was removed.`);
    } catch (caught) {
      setError(errorMessage(caught));
    }
    load();
  }

  // Only an owner touches an owner; nobody changes or removes themselves here.
  const editable = (member: Member) =>
    manage && member.userId !== me?.userId && (member.role !== 'owner' || me?.role === 'owner');

  return (
    <section className="card stack" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <p className="muted small">
        {organization ? `${organization} · ` : ''}your role: {me?.role ?? '—'}
        {manage ? '' : '. Admins and owners manage members.'}
      </p>
      <div className="table-wrap">
        <table aria-label="Members" className="responsive">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {manage ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members?.map((member) => (
              <tr key={member.id}>
                <td data-label="Person">
                  <span>
                    {member.name || '—'}
                    {member.userId === me?.userId ? <span className="muted small"> (you)</span> : null}
                  </span>
                </td>
                <td data-label="Email">{member.email}</td>
                <td data-label="Role">
                  {editable(member) ? (
                    <select
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      onChange={(event) => changeRole(member, event.target.value)}
                    >
                      {(grantable as string[]).includes(member.role) ? null : (
                        <option value={member.role}>{member.role}</option>
                      )}
                      {grantable.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                  ) : (
                    member.role
                  )}
                </td>
                {manage ? (
                  <td data-label="Actions" className={styles.actions}>
                    {editable(member) ? (
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Remove ${member.email}`}
                        onClick={() => setRemoving(member)}
                      >
                        Remove
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="status-line" aria-live="polite">
        {error ? <span className="error">{error}</span> : (status ?? '\u00a0')}
      </p>
      <ConfirmDialog
        open={removing !== null}
        title="Remove member?"
        confirmLabel="Remove member"
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove(removing)}
      >
        <p>
          {removing?.name || removing?.email} ({removing?.email}) loses access to this organization's agents,
          runs and settings.
        </p>
      </ConfirmDialog>
    </section>
  );
}
