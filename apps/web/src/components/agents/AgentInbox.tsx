'use client';

import type { InboxItem } from '@lifeosai/api-contract';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { wakeTime } from './agent-glance.ts';

/** `datetime-local` input value for a time (local), minutes precision. */
function localInputValue(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/**
 * The agent's inbox: what its heartbeat will hand it once due, and a form to add to it. A
 * heartbeat slot with nothing due is skipped without spending tokens; this is how a person
 * gives it something to do then.
 */
export function AgentInbox({ agentId, onAdded }: { agentId: string; onAdded?: () => void }) {
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [text, setText] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      api<{ items: InboxItem[] }>(`/api/agent/agents/${agentId}/inbox`).then(
        (list) => setItems(list.items),
        (caught: unknown) => setError(errorMessage(caught)),
      ),
    [agentId],
  );
  useEffect(() => {
    load();
  }, [load]);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setError('Write what the agent should look at.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const dueAt = due ? new Date(due).toISOString() : undefined;
      await api(`/api/agent/agents/${agentId}/inbox`, {
        body: { text: text.trim(), ...(dueAt && { dueAt }) },
      });
      setText('');
      setDue('');
      await load();
      onAdded?.();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  const now = new Date();
  const waiting = items?.filter((item) => item.runId === null) ?? [];
  return (
    <section className="card stack" aria-labelledby="agent-inbox-heading">
      <h2 id="agent-inbox-heading">Inbox</h2>
      <p className="muted small">
        The heartbeat hands the agent what is due here; with nothing due it stays asleep.
      </p>
      {items && waiting.length === 0 ? <p className="muted small">Nothing waiting.</p> : null}
      {waiting.length ? (
        <ul className="plain" aria-label="Inbox items">
          {waiting.map((item) => (
            <li key={item.id} className="small">
              <span className="muted">
                {new Date(item.dueAt) <= now ? 'due now' : `due ${wakeTime(new Date(item.dueAt), now)}`}
              </span>{' '}
              {item.text}
            </li>
          ))}
        </ul>
      ) : null}
      <form className="stack" onSubmit={add} aria-label="Add to the inbox">
        <label>
          What to look at
          <textarea
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={2}
            maxLength={20_000}
          />
        </label>
        <label>
          Due (empty: now)
          <input
            type="datetime-local"
            value={due}
            min={localInputValue(now)}
            onChange={(event) => setDue(event.target.value)}
          />
        </label>
        {error ? <p className="error">{error}</p> : null}
        <button type="submit" disabled={busy}>
          Add to inbox
        </button>
      </form>
    </section>
  );
}
