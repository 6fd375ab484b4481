'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { Agent } from '../../lib/api.ts';
import { api, errorMessage } from '../../lib/api.ts';
import styles from './AgentEditor.module.css';

/** Pause or resume an agent, and delete it after a confirmation. */
export function AgentStatusActions({ agent, onChange }: { agent: Agent; onChange: (agent: Agent) => void }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const paused = agent.status === 'paused';

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  async function setStatus(status: 'active' | 'paused') {
    setBusy(true);
    setError(null);
    try {
      onChange(await api<Agent>(`/api/agent/agents/${agent.id}`, { method: 'PATCH', body: { status } }));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/agent/agents/${agent.id}`, { method: 'DELETE' });
      router.push('/agents');
    } catch (caught) {
      // 409 AGENT_BUSY says which run to cancel first.
      setError(errorMessage(caught));
      setConfirming(false);
      setBusy(false);
    }
  }

  return (
    <section className={`card stack ${styles.actions}`} aria-labelledby="agent-status-heading">
      <h2 id="agent-status-heading">Status</h2>
      <p data-testid="agent-status">
        <span className={styles.badge} data-status={paused ? 'warn' : 'ok'}>
          {paused ? 'Paused' : 'Active'}
        </span>{' '}
        {paused ? (agent.pausedReason ?? 'No reason given.') : 'Runs and heartbeats start as usual.'}
      </p>
      <div className="row wrap">
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => setStatus(paused ? 'active' : 'paused')}
        >
          {paused ? 'Resume agent' : 'Pause agent'}
        </button>
        <button
          type="button"
          className="danger"
          ref={deleteButton}
          disabled={busy}
          aria-expanded={confirming}
          aria-controls="agent-delete-confirmation"
          onClick={() => setConfirming(true)}
        >
          Delete agent…
        </button>
      </div>
      {confirming ? (
        <div id="agent-delete-confirmation" className="notice stack">
          <p id="agent-delete-question">
            Delete <strong>{agent.name}</strong>? It disappears from the list and cannot run again; its past
            runs and usage stay.
          </p>
          <div className="row wrap">
            <button type="button" className="danger" ref={confirmButton} disabled={busy} onClick={remove}>
              Yes, delete
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                deleteButton.current?.focus();
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
