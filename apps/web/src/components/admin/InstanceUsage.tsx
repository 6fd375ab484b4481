'use client';

import { useState } from 'react';
import { CostChart } from '../usage/CostChart.tsx';
import { CostShareTable } from '../usage/CostShareTable.tsx';
import { RangePicker } from '../usage/RangePicker.tsx';
import { UsageTotalsList } from '../usage/UsageTotalsList.tsx';
import { type InstanceUsageReport, type RangeDays, rangeDates } from '../usage/usage-report.ts';
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
      {data ? (
        <CostShareTable
          label="Cost by organization"
          nameHeader="Organization"
          totalCostUsd={data.totals.costUsd}
          rows={data.byOrg.map((row) => ({ key: row.orgId, ...row }))}
        />
      ) : null}
    </section>
  );
}
