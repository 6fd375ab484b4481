'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { type Agent, api } from '../../lib/api.ts';
import { canManageAgents } from '../../lib/roles.ts';
import { useMe } from '../Shell.tsx';
import { CallsList } from './CallsList.tsx';
import { PhoneNumbers } from './PhoneNumbers.tsx';

/**
 * An agent's Calls page: its calls (from the browser and from phone lines) and, for those who
 * may change the agent, the phone numbers that ring it and the callers waiting for approval.
 */
export function CallsView({ agentId }: { agentId: string }) {
  const me = useMe();
  const [agent, setAgent] = useState<Agent | null>(null);

  useEffect(() => {
    api<Agent>(`/api/agent/agents/${encodeURIComponent(agentId)}`).then(setAgent, () => undefined);
  }, [agentId]);

  return (
    <div className="stack">
      <div>
        <h2>Calls{agent ? ` of ${agent.name}` : ''}</h2>
        <p className="muted">
          Talk with the agent by voice: Call in the chat, or a phone number that rings it. Each call is
          recorded here with its transcript. <Link href={`/agents/${agentId}`}>Back to the chat</Link>
        </p>
      </div>
      <CallsList agentId={agentId} />
      {canManageAgents(me) ? <PhoneNumbers agentId={agentId} /> : null}
    </div>
  );
}
