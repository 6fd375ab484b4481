'use client';

import { useParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { type Agent, api, errorMessage } from '../../lib/api.ts';
import { AgentGlance } from './AgentGlance.tsx';
import { AgentInbox } from './AgentInbox.tsx';

/** How often the agent's status is read again while its page is open (ms). */
const refreshMs = 5000;

/** The agent page's side information: its live status, next wake and inbox (the chat is beside it). */
export function AgentPageInfo() {
  const { id } = useParams<{ id: string }>();
  const [agent, setAgent] = useState<Agent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api<Agent>(`/api/agent/agents/${id}`).then(
        (loaded) => {
          setAgent(loaded);
          setError(null);
        },
        (caught: unknown) => setError(errorMessage(caught)),
      ),
    [id],
  );
  useEffect(() => {
    load();
    const timer = setInterval(load, refreshMs);
    return () => clearInterval(timer);
  }, [load]);
  if (error && !agent) return <p className="error">{error}</p>;
  if (!agent) return null;
  // The status stays in view; the inbox opens on demand so the chat keeps the room on a phone.
  return (
    <section className="stack" data-testid="agent-page-info" aria-label={`${agent.name} at a glance`}>
      <AgentGlance agent={agent} />
      <details>
        <summary className="small">Inbox and heartbeat</summary>
        <AgentInbox agentId={agent.id} onAdded={load} />
      </details>
    </section>
  );
}
