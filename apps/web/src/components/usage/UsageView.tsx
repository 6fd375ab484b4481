'use client';

import Link from 'next/link';
import { useState } from 'react';
import { type Agent, formatCost } from '../../lib/api.ts';
import { CostChart } from './CostChart.tsx';
import { RangePicker } from './RangePicker.tsx';
import { UsageTotalsList } from './UsageTotalsList.tsx';
import styles from './UsageView.module.css';
import {
  type AgentUsageReport,
  formatCount,
  formatShare,
  type RangeDays,
  rangeDates,
} from './usage-report.ts';
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
        {data && data.byAgent.length === 0 ? <p className="muted">No runs in this period.</p> : null}
        {data && data.byAgent.length > 0 ? (
          <div className="table-wrap">
            <table aria-label="Cost by agent" className="responsive">
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Runs</th>
                  <th scope="col">Cost</th>
                  <th scope="col">Share</th>
                </tr>
              </thead>
              <tbody>
                {data.byAgent.map((row) => (
                  <tr key={row.agentId}>
                    <td data-label="Agent">
                      <Link href={`/agents/${row.agentId}`}>{row.name}</Link>
                    </td>
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
    </div>
  );
}
