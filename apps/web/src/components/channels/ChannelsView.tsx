'use client';

import type { Channel } from '@lifeosai/api-contract';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { type Agent, api } from '../../lib/api.ts';
import { canManageAgents } from '../../lib/roles.ts';
import { useMe } from '../Shell.tsx';
import { ChannelCard } from './ChannelCard.tsx';
import styles from './Channels.module.css';
import { ConnectTelegram } from './ConnectTelegram.tsx';
import { LinkWhatsApp } from './LinkWhatsApp.tsx';
import { usePolled } from './use-polled.ts';

/** How often the connections' health is asked again (the runtime changes it on its own). */
const refreshMs = 4000;

/**
 * An agent's Channels page: its connections (health, sender policy, senders waiting, chats),
 * connecting a Telegram bot and linking a WhatsApp number. For those who may change the agent
 * (the Agent API refuses the rest anyway).
 */
export function ChannelsView({ agentId }: { agentId: string }) {
  const me = useMe();
  const [agent, setAgent] = useState<Agent | null>(null);
  const allowed = canManageAgents(me);
  const path = `/api/agent/agents/${encodeURIComponent(agentId)}/channels`;
  const channels = usePolled<{ items: Channel[] }>(allowed ? path : null, refreshMs);

  useEffect(() => {
    api<Agent>(`/api/agent/agents/${encodeURIComponent(agentId)}`).then(setAgent, () => undefined);
  }, [agentId]);

  if (me && !allowed) {
    return (
      <p role="alert">
        Only the organization&apos;s admins and owners manage an agent&apos;s channels.{' '}
        <Link href={`/agents/${agentId}`}>Back to the chat</Link>
      </p>
    );
  }
  const items = channels.data?.items ?? [];
  return (
    <div className="stack">
      <div>
        <h2>Channels{agent ? ` of ${agent.name}` : ''}</h2>
        <p className="muted">
          People talk to the agent from Telegram or WhatsApp; each chat is a conversation of the agent.{' '}
          <Link href={`/agents/${agentId}`}>Back to the chat</Link>
        </p>
      </div>
      <section aria-labelledby="connections-heading" className="stack">
        <h2 id="connections-heading">Connections</h2>
        {channels.error ? (
          <p role="alert" className="error">
            The connections could not be loaded: {channels.error}
          </p>
        ) : null}
        {channels.data === null && !channels.error ? <p className="muted">Loading…</p> : null}
        {channels.data && items.length === 0 ? (
          <p className="muted" data-testid="no-channels">
            No channel yet: connect a Telegram bot or link a WhatsApp number below.
          </p>
        ) : null}
        {items.length > 0 ? (
          <ul className={styles.connections} aria-label="Connections">
            {items.map((channel) => (
              <ChannelCard
                key={channel.id}
                channel={channel}
                agentId={agentId}
                onChange={channels.reload}
                onReplace={(next) =>
                  channels.set({ items: items.map((item) => (item.id === next.id ? next : item)) })
                }
              />
            ))}
          </ul>
        ) : null}
      </section>
      <ConnectTelegram agentId={agentId} onCreated={channels.reload} />
      <LinkWhatsApp agentId={agentId} channels={items} onCreated={channels.reload} />
    </div>
  );
}
