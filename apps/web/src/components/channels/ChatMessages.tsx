'use client';

import type { ChannelMessage, ChannelType } from '@lifeosai/api-contract';
import Link from 'next/link';
import { messageStatusWords, readableText } from '../../lib/channel-words.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import styles from './Channels.module.css';
import { usePolled } from './use-polled.ts';

/**
 * A chat's messages, in and out, oldest first: who wrote (the sender's name, or "The agent"),
 * the text, where it is (queued, answered, sent, failed with the reason) and the run that
 * answered it.
 */
export function ChatMessages({
  channelId,
  chatId,
  type,
}: {
  channelId: string;
  chatId: string;
  /** The network: a sent part's markup is read back as text. */
  type: ChannelType;
}) {
  const messages = usePolled<{ items: ChannelMessage[] }>(
    `/api/agent/channels/${encodeURIComponent(channelId)}/chats/${encodeURIComponent(chatId)}/messages`,
    3000,
  );
  const items = [...(messages.data?.items ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (messages.error) {
    return (
      <p role="alert" className="error small">
        The messages could not be loaded: {messages.error}
      </p>
    );
  }
  if (!messages.data) return <p className="muted small">Loading the messages…</p>;
  if (items.length === 0) return <p className="muted small">No message in this chat yet.</p>;
  return (
    <ol className={styles.messages} aria-label="Messages">
      {items.map((message) => {
        const status = messageStatusWords(message);
        const who =
          message.direction === 'out'
            ? 'The agent'
            : (message.senderName ?? `Sender ${message.senderId ?? ''}`.trim());
        return (
          <li
            key={message.id}
            className={styles.message}
            data-direction={message.direction}
            data-testid="channel-message"
          >
            <span className="small">
              <strong>{who}</strong>{' '}
              <time className="muted" dateTime={message.at}>
                {relativeTime(message.at, Date.now())}
              </time>
            </span>
            <p>{message.direction === 'out' ? readableText(message.text, type) : message.text}</p>
            <span className={`small ${status.failed ? 'error' : 'muted'}`} data-testid="message-status">
              {status.text}
              {message.runId ? (
                <>
                  {' · '}
                  <Link href={`/runs/${encodeURIComponent(message.runId)}`}>the run</Link>
                </>
              ) : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
