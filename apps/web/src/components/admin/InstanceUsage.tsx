'use client';

import { useState } from 'react';
import { formatCost } from '../../lib/api.ts';
import { CostChart } from '../usage/CostChart.tsx';
import { RangePicker } from '../usage/RangePicker.tsx';
import { UsageTotalsList } from '../usage/UsageTotalsList.tsx';
import {
  formatCount,
  formatShare,
  type InstanceUsageReport,
  type RangeDays,
  rangeDates,
} from '../usage/usage-report.ts';
import { useReport } from '../usage/use-report.ts';

/** Cost over time across every organization, and who spent it. */
export function InstanceUsage() {
  const [range, setRange] = useState<RangeDays>(30);
  const { from, to } = rangeDates(range);
  const report = useReport<InstanceUsageReport>(`/api/admin/usage?${new URLSearchParams({ from, to })}`);
  const data = report.data;
  return (
    <section className="card stack" aria-labelledby="admin-usage-heading">
      <h2 id="admin-usage-heading">Usage across the instance</h2>
      <RangePicker value={range} onChange={setRange} />
      <p className="status-line" aria-live="polite">
        {report.error ? (
          <span className="error">{report.error}</span>
        ) : report.loading ? (
          'Loading…'
        ) : (
          <span className="muted small">
            {from} to {to} (UTC days)
          </span>
        )}
      </p>
      <UsageTotalsList totals={data?.totals ?? null} />
      <CostChart days={data?.days ?? []} label="Cost per day, all organizations" busy={report.loading} />
      <h3 className="sr-only">By organization</h3>
      {data && data.byOrg.length === 0 ? <p className="muted">No runs in this period.</p> : null}
      {data && data.byOrg.length > 0 ? (
        <div className="table-wrap">
          <table aria-label="Cost by organization" className="responsive">
            <thead>
              <tr>
                <th scope="col">Organization</th>
                <th scope="col">Runs</th>
                <th scope="col">Cost</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {data.byOrg.map((row) => (
                <tr key={row.orgId}>
                  <td data-label="Organization">{row.name}</td>
                  <td data-label="Runs">{formatCount(row.runs)}</td>
                  <td data-label="Cost">{formatCost(row.costUsd)}</td>
                  <td data-label="Share">{formatShare(row.costUsd, data.totals.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
