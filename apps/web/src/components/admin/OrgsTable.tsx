'use client';

import type { AdminBillingListView } from '@lifeosai/api-contract';
import { useEffect, useState } from 'react';
import { api, formatCost } from '../../lib/api.ts';
import { statusWords } from '../billing/billing-words.ts';
import { formatCount } from '../usage/usage-report.ts';
import { formatDate, type InstanceOrganization } from './admin-views.ts';
import { LoadMore } from './LoadMore.tsx';
import { OrgMembers } from './OrgMembers.tsx';
import type { Paged } from './use-paged.ts';

type OrgBilling = AdminBillingListView['items'][number];

/** Each organization's plan and billing status (`GET /api/admin/billing`), by organization id. */
function useOrgBilling(): Map<string, OrgBilling> {
  const [byOrg, setByOrg] = useState(new Map<string, OrgBilling>());
  useEffect(() => {
    api<{ items: OrgBilling[] }>('/api/admin/billing').then(
      (list) => setByOrg(new Map(list.items.map((item) => [item.orgId, item]))),
      () => undefined,
    );
  }, []);
  return byOrg;
}

/**
 * Every organization with its plan and billing status, members, agents, runs and cost (all
 * time), newest first; "Members" opens one organization's people with their roles.
 */
export function OrgsTable({ orgs }: { orgs: Paged<InstanceOrganization> }) {
  const [open, setOpen] = useState<InstanceOrganization | null>(null);
  const billing = useOrgBilling();
  return (
    <section className="card stack" aria-labelledby="admin-orgs-heading">
      <h2 id="admin-orgs-heading">Organizations</h2>
      <div className="table-wrap">
        <table aria-label="Organizations" className="responsive">
          <thead>
            <tr>
              <th scope="col">Organization</th>
              <th scope="col">Plan</th>
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
                <td data-label="Plan">
                  {billing.has(org.id)
                    ? `${billing.get(org.id)!.plan} · ${statusWords[billing.get(org.id)!.status]}`
                    : '—'}
                  {billing.get(org.id)?.meterEventsFailed ? (
                    <span className="error small">
                      {' '}
                      · {formatCount(billing.get(org.id)!.meterEventsFailed)} usage records not reported to
                      Stripe (see billing_meter_events.last_error)
                    </span>
                  ) : null}
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
