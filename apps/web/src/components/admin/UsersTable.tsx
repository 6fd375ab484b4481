import { formatCount } from '../usage/usage-report.ts';
import { formatDate, type InstanceUser } from './admin-views.ts';
import { LoadMore } from './LoadMore.tsx';
import type { Paged } from './use-paged.ts';

/** Every account of the instance, newest first. */
export function UsersTable({ users }: { users: Paged<InstanceUser> }) {
  return (
    <section className="card stack" aria-labelledby="admin-users-heading">
      <h2 id="admin-users-heading">Users</h2>
      <div className="table-wrap">
        <table aria-label="Users" className="responsive">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Email</th>
              <th scope="col">Verified</th>
              <th scope="col">Organizations</th>
              <th scope="col">Joined</th>
            </tr>
          </thead>
          <tbody>
            {users.items.map((user) => (
              <tr key={user.id}>
                <td data-label="Person">
                  {user.name || '—'}
                  {user.isInstanceAdmin ? <span className="badge"> instance admin</span> : null}
                </td>
                <td data-label="Email">{user.email}</td>
                <td data-label="Verified">{user.emailVerified ? 'yes' : 'no'}</td>
                <td data-label="Organizations">{formatCount(user.organizations)}</td>
                <td data-label="Joined">{formatDate(user.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore page={users} what="users" />
    </section>
  );
}
