'use client';

import type { CallView } from '@lifeosai/api-contract';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, formatCost } from '../../lib/api.ts';
import { callLength, callStatusWords } from '../../lib/call-format.ts';
import { relativeTime } from '../../lib/relative-time.ts';

/** One page of `GET /api/agent/calls?agentId=`. */
interface CallPage {
  items: CallView[];
  nextCursor: string | null;
}

/**
 * An agent's calls, newest first: when, who called (a number, or a person from the browser),
 * how long, how it ended, what it cost; each opens its record. More load with "Show more".
 */
export function CallsList({ agentId }: { agentId: string }) {
  const [calls, setCalls] = useState<CallView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const query = new URLSearchParams({ agentId });
        if (after) query.set('cursor', after);
        const page = await api<CallPage>(`/api/agent/calls?${query}`);
        setCalls((current) => (after ? [...(current ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        setError(errorMessage(caught));
      } finally {
        setLoading(false);
      }
    },
    [agentId],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const now = Date.now();
  return (
    <section aria-labelledby="calls-heading" className="stack">
      <h2 id="calls-heading">Calls</h2>
      {error ? (
        <p role="alert" className="error">
          The calls could not be loaded: {error}
        </p>
      ) : null}
      {calls === null && !error ? <p className="muted">Loading…</p> : null}
      {calls && calls.length === 0 ? (
        <p className="muted" data-testid="no-calls">
          No call yet. Press Call in the chat, or give the agent a phone number below.
        </p>
      ) : null}
      {calls && calls.length > 0 ? (
        <div className="table-wrap">
          <table className="responsive" aria-label="Calls">
            <thead>
              <tr>
                <th>When</th>
                <th>Caller</th>
                <th>Length</th>
                <th>Status</th>
                <th>Cost</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr key={call.id} data-testid="call-row">
                  <td data-label="When">
                    <Link href={`/agents/${agentId}/calls/${call.id}`}>
                      <time dateTime={call.startedAt}>{relativeTime(call.startedAt, now)}</time>
                    </Link>
                  </td>
                  <td data-label="Caller">
                    <span>
                      {call.from}{' '}
                      <span className="muted small">
                        {call.source === 'browser' ? '(browser)' : call.to ? `→ ${call.to}` : ''}
                      </span>
                    </span>
                  </td>
                  <td data-label="Length">{callLength(call.durationSec)}</td>
                  <td data-label="Status">
                    <span className={`badge ${call.status === 'completed' ? 'succeeded' : call.status}`}>
                      {callStatusWords[call.status]}
                    </span>
                  </td>
                  <td data-label="Cost">{formatCost(call.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {cursor ? (
        <button type="button" className="secondary" disabled={loading} onClick={() => void load(cursor)}>
          {loading ? 'Loading…' : 'Show more calls'}
        </button>
      ) : null}
    </section>
  );
}
