'use client';

import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../Shell.tsx';
import { StatusLine } from '../StatusLine.tsx';
import { formatCount } from '../usage/usage-report.ts';
import { formatDate, type InstanceUser } from './admin-views.ts';
import { LoadMore } from './LoadMore.tsx';
import type { Paged } from './use-paged.ts';

/**
 * Every account of the instance, newest first, each with Disable / Enable: a disabled account
 * cannot sign in, and its sessions and API keys stop working at once. The admin's own row has
 * no button (the API refuses it too).
 */
export function UsersTable({ users }: { users: Paged<InstanceUser> }) {
  const me = useMe();
  /** Accounts changed on this page since the list was read: the API's answer wins. */
  const [changed, setChanged] = useState<Record<string, InstanceUser>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function setDisabled(user: InstanceUser, disabled: boolean) {
    setError(null);
    setStatus(null);
    try {
      const updated = await api<InstanceUser>(`/api/admin/users/${encodeURIComponent(user.id)}`, {
        method: 'PATCH',
        body: { disabled },
      });
      setChanged((current) => ({ ...current, [user.id]: updated }));
      setStatus(
        disabled
          ? `${user.email} is disabled: signed out everywhere, API keys refused.`
          : `${user.email} can sign in again.`,
      );
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="card stack" aria-labelledby="admin-users-heading">
      <h2 id="admin-users-heading">Users</h2>
      <StatusLine error={error} status={status} />
      <div className="table-wrap">
        <table aria-label="Users" className="responsive">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Email</th>
              <th scope="col">Verified</th>
              <th scope="col">Organizations</th>
              <th scope="col">Joined</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.items.map((listed) => {
              const user = changed[listed.id] ?? listed;
              return (
                <tr key={user.id} data-user-id={user.id}>
                  <td data-label="Person">
                    {user.name || '—'}
                    {user.isInstanceAdmin ? <span className="badge"> instance admin</span> : null}
                  </td>
                  <td data-label="Email">{user.email}</td>
                  <td data-label="Verified">{user.emailVerified ? 'yes' : 'no'}</td>
                  <td data-label="Organizations">{formatCount(user.organizations)}</td>
                  <td data-label="Joined">{formatDate(user.createdAt)}</td>
                  <td data-label="Status">
                    <span className="row">
                      {user.disabled ? <span className="badge">disabled</span> : <span>active</span>}
                      {user.id === me?.userId ? null : (
                        <button
                          type="button"
                          className={user.disabled ? 'secondary' : 'danger'}
                          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
                          onClick={() => setDisabled(user, !user.disabled)}
                        >
                          {user.disabled ? 'Enable' : 'Disable'}
                        </button>
                      )}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <LoadMore page={users} what="users" />
    </section>
  );
}
