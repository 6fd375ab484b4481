'use client';

import type { Channel, ChannelChat } from '@lifeosai/api-contract';
import Link from 'next/link';
import { useState } from 'react';
import { relativeTime } from '../../lib/relative-time.ts';
import styles from './Channels.module.css';
import { ChatMessages } from './ChatMessages.tsx';
import { usePolled } from './use-polled.ts';

/** A chat's name: its title on the network, else what kind of chat it is. */
export function chatTitle(chat: Pick<ChannelChat, 'title' | 'kind'>): string {
  return chat.title ?? (chat.kind === 'group' ? 'A group' : 'A private chat');
}

/**
 * The chats of a connection, newest first: title, kind, when the last message came, a link to
 * the conversation it continues, and its messages on demand.
 */
export function ChannelChats({ channel, agentId }: { channel: Channel; agentId: string }) {
  const chats = usePolled<{ items: ChannelChat[] }>(
    `/api/agent/channels/${encodeURIComponent(channel.id)}/chats`,
    5000,
  );
  const [open, setOpen] = useState<string | null>(null);
  const items = chats.data?.items ?? [];
  return (
    <section className={styles.part} aria-label={`Chats on this connection`}>
      <h4>Chats</h4>
      {chats.error ? (
        <p role="alert" className="error small">
          The chats could not be loaded: {chats.error}
        </p>
      ) : null}
      {chats.data && items.length === 0 ? (
        <p className="muted small">No chat yet: messages people send show up here.</p>
      ) : null}
      <ul className="plain">
        {items.map((chat) => {
          const title = chatTitle(chat);
          const expanded = open === chat.id;
          const panel = `chat-${chat.id}`;
          return (
            <li key={chat.id} className={styles.chat} data-testid="channel-chat">
              <div className={styles.chatHead}>
                <span>
                  <strong>{title}</strong>{' '}
                  <span className="muted small">
                    {chat.kind === 'group' ? 'group' : 'private'} · last message{' '}
                    <time dateTime={chat.lastMessageAt}>{relativeTime(chat.lastMessageAt, Date.now())}</time>
                  </span>
                </span>
                <span className="row wrap">
                  {chat.sessionId ? (
                    <Link
                      className="small"
                      href={`/agents/${agentId}?session=${encodeURIComponent(chat.sessionId)}`}
                    >
                      Open the conversation<span className="sr-only"> with {title}</span>
                    </Link>
                  ) : null}
                  <button
                    type="button"
                    className="secondary"
                    aria-expanded={expanded}
                    aria-controls={panel}
                    onClick={() => setOpen(expanded ? null : chat.id)}
                  >
                    {expanded ? 'Hide messages' : 'Show messages'}
                    <span className="sr-only"> of {title}</span>
                  </button>
                </span>
              </div>
              {expanded ? (
                <div id={panel}>
                  <ChatMessages channelId={channel.id} chatId={chat.id} type={channel.type} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
