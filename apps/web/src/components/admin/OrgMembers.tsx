'use client';

import type { Member } from '@lifeosai/api-contract';
import { roles } from '@lifeosai/identity/roles';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { StatusLine } from '../StatusLine.tsx';
import { formatDate } from './admin-views.ts';

/**
 * One organization's members for the instance admin, each role changeable (audited; the API
 * keeps at least one owner and says so when a change would not).
 */
export function OrgMembers({ orgId, orgName }: { orgId: string; orgName: string }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/admin/orgs/${encodeURIComponent(orgId)}/members`;

  const load = useCallback(() => {
    api<{ items: Member[] }>(path).then(
      (answer) => setMembers(answer.items),
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, [path]);
  useEffect(load, [load]);

  async function changeRole(member: Member, role: string) {
    setError(null);
    setStatus(null);
    try {
      await api(`${path}/${encodeURIComponent(member.id)}`, { method: 'PATCH', body: { role } });
      setStatus(
        `${member.name || member.email} is now ${role === 'admin' ? 'an' : 'a'} ${role} of ${orgName}.`,
      );
    } catch (caught) {
      setError(errorMessage(caught));
    }
    load();
  }

  return (
    <section className="stack" aria-label={`Members of ${orgName}`}>
      <h3>Members of {orgName}</h3>
      <StatusLine error={error} status={status} />
      <ul className="plain">
        {members?.map((member) => (
          <li key={member.id} className="row wrap">
            <span className="grow">
              {member.name || '—'} <span className="muted small">{member.email}</span>{' '}
              <span className="muted small">since {formatDate(member.createdAt)}</span>
            </span>
            <select
              aria-label={`Role of ${member.email} in ${orgName}`}
              value={member.role}
              onChange={(event) => changeRole(member, event.target.value)}
            >
              {roles.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </section>
  );
}
