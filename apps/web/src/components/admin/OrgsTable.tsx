'use client';

import { useState } from 'react';
import { formatCost } from '../../lib/api.ts';
import { formatCount } from '../usage/usage-report.ts';
import { formatDate, type InstanceOrganization } from './admin-views.ts';
import { LoadMore } from './LoadMore.tsx';
import { OrgMembers } from './OrgMembers.tsx';
import type { Paged } from './use-paged.ts';

/**
 * Every organization with its members, agents, runs and cost (all time), newest first; "Members"
 * opens one organization's people with their roles.
 */
export function OrgsTable({ orgs }: { orgs: Paged<InstanceOrganization> }) {
  const [open, setOpen] = useState<InstanceOrganization | null>(null);
  return (
    <section className="card stack" aria-labelledby="admin-orgs-heading">
      <h2 id="admin-orgs-heading">Organizations</h2>
      <div className="table-wrap">
        <table aria-label="Organizations" className="responsive">
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">Members</th>
              <th scope="col">Agents</th>
              <th scope="col">Runs</th>
              <th scope="col">Cost</th>
              <th scope="col">Created</th>
              <th scope="col">People</th>
            </tr>
          </thead>
          <tbody>
            {orgs.items.map((org) => (
              <tr key={org.id} data-org-id={org.id}>
                <td data-label="Organization">
                  <span>
                    {org.name} {org.slug ? <span className="muted small">{org.slug}</span> : null}
                  </span>
                </td>
                <td data-label="Members">{formatCount(org.members)}</td>
                <td data-label="Agents">{formatCount(org.agents)}</td>
                <td data-label="Runs">{formatCount(org.runs)}</td>
                <td data-label="Cost">{formatCost(org.costUsd)}</td>
                <td data-label="Created">{formatDate(org.createdAt)}</td>
                <td data-label="People">
                  <button
                    type="button"
                    className="secondary"
                    aria-expanded={open?.id === org.id}
                    aria-label={`Members of ${org.name}`}
                    onClick={() => setOpen(open?.id === org.id ? null : org)}
                  >
                    {open?.id === org.id ? 'Hide roles' : 'Roles'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open ? <OrgMembers key={open.id} orgId={open.id} orgName={open.name} /> : null}
      <LoadMore page={orgs} what="organizations" />
    </section>
  );
}
