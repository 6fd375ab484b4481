'use client';

import Link from 'next/link';
import type { Impersonation, InstanceOrganization, InstanceUser } from './admin-views.ts';
import { ImpersonationLog } from './ImpersonationLog.tsx';
import { InstanceUsage } from './InstanceUsage.tsx';
import { OrgsTable } from './OrgsTable.tsx';
import { Outbox } from './Outbox.tsx';
import { UsersTable } from './UsersTable.tsx';
import { usePaged } from './use-paged.ts';

/**
 * `/admin`: the instance admin's view of every account, organization and their usage, every
 * impersonation, and the outbox of links a local install without a mail server did not send. The
 * gateway decides who may see it; a 403 on the first request shows the explanation instead.
 */
export function AdminView({ mailOutbox }: { mailOutbox: boolean }) {
  const users = usePaged<InstanceUser>('/api/admin/users');
  const orgs = usePaged<InstanceOrganization>('/api/admin/orgs');
  const impersonations = usePaged<Impersonation, { enabled: boolean }>('/api/admin/impersonations');
  const firstLoad = users.loading && users.items.length === 0 && users.error === null;

  if (users.status === 403 || orgs.status === 403) {
    return (
      <div className="card stack" role="alert">
        <p>Only the instance admin can see this page.</p>
        <p className="muted small">
          Organization owners manage their people in <Link href="/settings">Settings</Link>.
        </p>
      </div>
    );
  }
  if (firstLoad) return <p className="muted">Loading…</p>;
  return (
    <div className="stack">
      <InstanceUsage />
      <OrgsTable orgs={orgs} />
      <UsersTable users={users} />
      <Outbox mailOutbox={mailOutbox} />
      <ImpersonationLog log={impersonations} />
    </div>
  );
}
