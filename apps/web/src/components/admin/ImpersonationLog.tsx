import { formatDateTime, type Impersonation, type LoggedAccount } from './admin-views.ts';
import { LoadMore } from './LoadMore.tsx';
import type { Paged } from './use-paged.ts';

/** Who impersonated whom and when, newest first, and whether impersonation is allowed at all. */
export function ImpersonationLog({ log }: { log: Paged<Impersonation, { enabled: boolean }> }) {
  const enabled = log.meta?.enabled === true;
  return (
    <section className="card stack" aria-labelledby="admin-impersonation-heading">
      <h2 id="admin-impersonation-heading">Impersonation</h2>
      <p className="muted small">
        {enabled
          ? 'Impersonation is on (LIFEOSAI_ALLOW_IMPERSONATION=true): every time the instance admin acts as someone else, it is recorded here.'
          : 'Impersonation is off. The operator can turn it on with LIFEOSAI_ALLOW_IMPERSONATION=true; every use is then recorded here.'}
      </p>
      {log.items.length === 0 && !log.loading ? (
        <p className="muted">No impersonation recorded.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Impersonation log" className="responsive">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Admin</th>
                <th scope="col">User</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((entry) => (
                <tr key={entry.id}>
                  <td data-label="When">{formatDateTime(entry.at)}</td>
                  <td data-label="What">
                    {entry.event === 'started' ? 'Started acting as the user' : 'Stopped'}
                  </td>
                  <td data-label="Admin">{account(entry.admin)}</td>
                  <td data-label="User">{account(entry.user)}</td>
                  <td data-label="Details">
                    {entry.event === 'started'
                      ? `until ${formatDateTime(entry.expiresAt)} at the latest`
                      : entry.endedBy
                        ? `ended by ${entry.endedBy}`
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore page={log} what="impersonation entries" />
    </section>
  );
}

function account(person: LoggedAccount): string {
  if (!person.email) return `deleted account ${person.id}`;
  return person.name ? `${person.name} (${person.email})` : person.email;
}
