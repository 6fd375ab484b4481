'use client';

import type { WireEvent } from '@lifeosai/api-contract';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import {
  type Agent,
  api,
  errorMessage,
  formatCost,
  formatDuration,
  type Run,
  terminalStatuses,
  totalTokens,
} from '../lib/api.ts';
import { canManageAgents } from '../lib/roles.ts';
import { startedByLabel } from '../lib/started-by.ts';
import { AgentGlance } from './agents/AgentGlance.tsx';
import { useMe } from './Shell.tsx';

function useLoad<T>(path: string | null, refreshMs?: number): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!path) return;
    let stopped = false;
    const load = () =>
      api<T>(path).then(
        (d) => {
          if (!stopped) setData(d);
        },
        (e: unknown) => {
          if (!stopped) setError(errorMessage(e));
        },
      );
    load();
    const timer = refreshMs ? setInterval(load, refreshMs) : undefined;
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
    };
  }, [path, refreshMs]);
  return { data, error };
}

export function AgentsList() {
  // Read again every few seconds: the cards show what each agent is doing now.
  const { data, error } = useLoad<{ items: Agent[] }>('/api/agent/agents', 5000);
  const manage = canManageAgents(useMe());
  return (
    <>
      {manage ? (
        <p>
          <Link href="/agents/new" className="button">
            New agent
          </Link>
        </p>
      ) : (
        <p className="muted small">Admins and owners of this organization create and change its agents.</p>
      )}
      {error ? <p className="error">{error}</p> : null}
      {data && data.items.length === 0 ? (
        <p className="muted">
          No agents yet.
          {manage ? (
            <>
              {' '}
              <Link href="/onboarding">Set one up</Link>.
            </>
          ) : null}
        </p>
      ) : null}
      <ul className="cards" aria-label="Agents">
        {data?.items.map((agent) => (
          <li key={agent.id} className="card">
            <h2>
              <Link href={`/agents/${agent.id}`}>{agent.name}</Link>
            </h2>
            <p className="muted small">
              {agent.adapterType}
              {typeof agent.adapterConfig?.model === 'string' ? ` · ${agent.adapterConfig.model}` : ''}
            </p>
            <AgentGlance agent={agent} />
            {agent.instructions ? <p className="clamp">{agent.instructions}</p> : null}
            {manage ? (
              <p className="small">
                <Link href={`/agents/${agent.id}/edit`} aria-label={`Edit ${agent.name}`}>
                  Edit
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function RunsList() {
  const { data, error } = useLoad<{ items: Run[] }>('/api/agent/runs?limit=50', 3000);
  const agents = useLoad<{ items: Agent[] }>('/api/agent/agents').data;
  const name = (id: string) => agents?.items.find((a) => a.id === id)?.name ?? id;
  const viewerId = useMe()?.userId;
  return (
    <>
      {error ? <p className="error">{error}</p> : null}
      {data && data.items.length === 0 ? <p className="muted">No runs yet.</p> : null}
      <div className="table-wrap">
        <table aria-label="Runs" className="responsive">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Agent</th>
              <th scope="col">Started by</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
              <th scope="col">Tokens</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((run) => (
              <tr key={run.id}>
                <td data-label="Run">
                  <Link href={`/runs/${run.id}`}>{run.prompt ? run.prompt.slice(0, 40) : run.id}</Link>
                </td>
                <td data-label="Agent">{name(run.agentId)}</td>
                <td data-label="Started by">{startedByLabel(run.trigger, viewerId)}</td>
                <td data-label="Status">
                  <span className={`badge ${run.status}`}>{run.status}</span>
                </td>
                <td data-label="Duration">{formatDuration(run)}</td>
                <td data-label="Tokens">{totalTokens(run.usage)}</td>
                <td data-label="Cost">{formatCost(run.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function RunDetail() {
  const { id } = useParams<{ id: string }>();
  const [poll, setPoll] = useState<number | undefined>(2000);
  const run = useLoad<Run>(`/api/agent/runs/${id}`, poll);
  const events = useLoad<{ items: WireEvent[] }>(`/api/agent/runs/${id}/events?limit=1000`, poll);
  useEffect(() => {
    if (run.data && terminalStatuses.has(run.data.status)) setPoll(undefined);
  }, [run.data]);
  const r = run.data;
  const me = useMe();
  return (
    <>
      {run.error ? <p className="error">{run.error}</p> : null}
      {r ? (
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <span className={`badge ${r.status}`}>{r.status}</span>
          </dd>
          <dt>Agent</dt>
          <dd>
            <Link href={`/agents/${r.agentId}?run=${r.id}`}>Open chat</Link>
          </dd>
          <dt>Duration</dt>
          <dd>{formatDuration(r)}</dd>
          <dt>Tokens</dt>
          <dd>{totalTokens(r.usage)}</dd>
          <dt>Cost</dt>
          <dd>{formatCost(r.costUsd)}</dd>
          <dt>Started by</dt>
          <dd>{startedByLabel(r.trigger, me?.userId)}</dd>
          {r.error ? (
            <>
              {/* How it ended is said in words above (RunControl); this is the detail to quote in a report. */}
              <dt>Details</dt>
              <dd className="muted small">
                <code>{r.error.code}</code> {r.error.message}
              </dd>
            </>
          ) : null}
          <dt>Prompt</dt>
          <dd className="prewrap">{r.prompt ?? ''}</dd>
        </dl>
      ) : null}
      <h2>Timeline</h2>
      <ol className="timeline" aria-label="Events">
        {events.data?.items
          .filter((e) => e.type !== 'stream_event')
          .map((event) => (
            <li key={event.seq}>
              <details>
                <summary>
                  <code>#{event.seq}</code> <strong>{event.type}</strong>
                  {typeof event.subtype === 'string' ? ` · ${event.subtype}` : ''}{' '}
                  <span className="muted small">{new Date(event.ts).toLocaleTimeString()}</span>
                </summary>
                <pre>{JSON.stringify(event, null, 2)}</pre>
              </details>
            </li>
          ))}
      </ol>
      {events.data ? (
        <p className="muted small">
          {events.data.items.filter((e) => e.type === 'stream_event').length} streaming deltas hidden.
        </p>
      ) : null}
    </>
  );
}
