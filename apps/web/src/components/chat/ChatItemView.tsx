'use client';

import { channelPromptMessages } from '@lifeosai/api-contract/channel-prompt';
import { memo } from 'react';
import { formatCost } from '../../lib/api.ts';
import { splitAttachments } from '../../lib/attachment-prompt.ts';
import type { ChatItem } from '../../lib/events.ts';
import { startedByLabel, startedByViewer } from '../../lib/started-by.ts';
import { MessageAttachments } from './Attachments.tsx';
import styles from './Chat.module.css';
import { Markdown } from './Markdown.tsx';
import { PermissionCard } from './PermissionCard.tsx';

/** The result line's figures: what the turn used and cost. */
function spent(item: Extract<ChatItem, { kind: 'result' }>): string {
  return `${item.tokens} tokens · ${formatCost(item.costUsd)}`;
}

/**
 * One transcript item. Memoized on the item object: `applyEvent` replaces only the items an
 * event changes, so a streaming answer re-renders that answer alone. `onFork`, when given, puts
 * "Fork from here" on each finished turn's result line (harnesses that can fork); `stoppedHere`
 * names the runs this tab's Stop ended ("Stopped by you").
 */
export const ChatItemView = memo(function ChatItemView({
  item,
  onFork,
  stoppedByYou,
  plainText,
  viewerId,
}: {
  item: ChatItem;
  /** The signed-in person: their own messages carry no sender line. */
  viewerId?: string | undefined;
  onFork?: ((runId: string) => void) | undefined;
  /** True when this turn ended because the person at this screen pressed Stop. */
  stoppedByYou?: boolean;
  /** Show an answer as its plain text (the reader's choice) instead of rendered markdown. */
  plainText?: boolean;
}) {
  switch (item.kind) {
    case 'user': {
      // A channel's turn shows what the sender wrote, not the instructions fencing it for the agent.
      const fenced = item.trigger?.kind === 'channel' ? channelPromptMessages(item.text) : null;
      const { text, attachments } = splitAttachments(
        fenced ? fenced.map((message) => message.text).join('\n\n') : item.text,
      );
      // Who sent it, when not the viewer: another member, an API key, the heartbeat, a channel, a call.
      const sender =
        item.trigger && !startedByViewer(item.trigger, viewerId)
          ? startedByLabel(item.trigger, viewerId)
          : null;
      return (
        <>
          {sender ? (
            <p className={`small muted ${styles.sender}`} data-testid="message-sender">
              {sender}
            </p>
          ) : null}
          <div className="msg user">
            {text}
            {attachments.length > 0 ? <MessageAttachments attachments={attachments} /> : null}
          </div>
        </>
      );
    }
    case 'text':
      return (
        <div className="msg assistant" data-streaming={item.streaming ? 'true' : 'false'}>
          {plainText ? item.text : <Markdown text={item.text} />}
        </div>
      );
    case 'tool':
      return (
        <details className="step">
          <summary>
            Tool: <code>{item.name}</code>{' '}
            <span className="muted small">
              {item.result === undefined
                ? `running…${item.elapsedSeconds === undefined ? '' : ` ${Math.round(item.elapsedSeconds)} s`}`
                : item.isError
                  ? 'error'
                  : 'done'}
            </span>
          </summary>
          <pre>{JSON.stringify(item.input, null, 2)}</pre>
          {item.result !== undefined ? <pre className="tool-result">{item.result}</pre> : null}
        </details>
      );
    case 'permission':
      return <PermissionCard item={item} />;
    case 'event':
      return (
        <details className={styles.eventRow} data-event-type={item.event.type}>
          <summary>
            <span className="muted">Event</span> <code>{item.label}</code>
          </summary>
          <pre>{JSON.stringify(item.event, null, 2)}</pre>
        </details>
      );
    case 'error':
      return (
        <p className="error" role="alert">
          {item.message}
        </p>
      );
    case 'result': {
      const { outcome } = item;
      if (outcome.kind === 'failed') {
        return (
          <div className={styles.failed} data-outcome="failed">
            <p className="error" role="alert">
              {outcome.message}
            </p>
            <p className="result-line small muted">Failed · {spent(item)}</p>
          </div>
        );
      }
      return (
        <p className="result-line small muted" data-outcome={outcome.kind}>
          {outcome.kind === 'succeeded' ? 'Done' : stoppedByYou ? 'Stopped by you' : 'Stopped'} ·{' '}
          {spent(item)}
          {onFork ? (
            <>
              {' · '}
              <button type="button" className={styles.forkAction} onClick={() => onFork(item.runId)}>
                Fork from here
              </button>
            </>
          ) : null}
        </p>
      );
    }
  }
});
