'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Agent } from '../../lib/api.ts';
import { CostChart } from './CostChart.tsx';
import { CostShareTable } from './CostShareTable.tsx';
import { RangePicker } from './RangePicker.tsx';
import { UsageTotalsList } from './UsageTotalsList.tsx';
import styles from './UsageView.module.css';
import { type AgentUsageReport, type RangeDays, rangeDates } from './usage-report.ts';
import { useReport } from './use-report.ts';

/** `/usage`: the organization's cost over time, totals and cost per agent. */
export function UsageView() {
  const [range, setRange] = useState<RangeDays>(30);
  const [agentId, setAgentId] = useState('');
  const { from, to } = rangeDates(range);
  const query = new URLSearchParams({ from, to });
  if (agentId) query.set('agentId', agentId);
  const report = useReport<AgentUsageReport>(`/api/agent/usage?${query}`);
  const agents = useReport<{ items: Agent[] }>('/api/agent/agents');
  const data = report.data;

  return (
    <div className="stack">
      <div className={styles.toolbar}>
        <RangePicker value={range} onChange={setRange} />
        <label className={styles.agentFilter}>
          Agent
          <select value={agentId} onChange={(event) => setAgentId(event.target.value)}>
            <option value="">All agents</option>
            {agents.data?.items.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="status-line" aria-live="polite">
        {report.error ? (
          <span className="error" role="alert">
            {report.error}
          </span>
        ) : report.loading ? (
          'Loading…'
        ) : (
          <span className="muted small">
            {from} to {to} (UTC days)
          </span>
        )}
      </p>
      <UsageTotalsList totals={data?.totals ?? null} />
      <section className="card" aria-label="Cost over time">
        <CostChart days={data?.days ?? []} label="Cost per day" busy={report.loading} />
      </section>
      <section className="card stack" aria-labelledby="by-agent-heading">
        <h2 id="by-agent-heading">By agent</h2>
        {data ? (
          <CostShareTable
            label="Cost by agent"
            nameHeader="Agent"
            totalCostUsd={data.totals.costUsd}
            rows={data.byAgent.map((row) => ({
              key: row.agentId,
              name: <Link href={`/agents/${row.agentId}`}>{row.name}</Link>,
              runs: row.runs,
              costUsd: row.costUsd,
            }))}
          />
        ) : null}
      </section>
    </div>
  );
}
