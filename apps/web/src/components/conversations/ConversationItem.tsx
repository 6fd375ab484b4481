'use client';

import type { PatchSessionBody, SessionSummary } from '@lifeosai/api-contract';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { startedByLabel, startedByViewer } from '../../lib/started-by.ts';
import styles from './Conversations.module.css';

/** What a conversation without a title is called. */
export const untitled = 'New conversation';

/**
 * One conversation of the list: its title (a link to it), when it was last active, who started
 * it when that is not the viewer, and Rename — an inline field where Enter saves (an empty title
 * goes back to the one taken from the first message) and Esc cancels.
 */
export function ConversationItem({
  item,
  href,
  current,
  viewerId,
  now,
  onRenamed,
  onOpen,
}: {
  item: SessionSummary;
  /** Where the link goes (`/agents/:id?session=<id>`). */
  href: string;
  /** The conversation shown in the chat: highlighted and `aria-current`. */
  current: boolean;
  /** `GET /api/me`'s `userId`. */
  viewerId: string | undefined;
  /** The instant relative times are counted from. */
  now: number;
  /** Called with the title the API kept (null: derived again, the list reloads it). */
  onRenamed: (title: string | null) => void;
  /** Called when the link is followed (the phone's drawer closes). */
  onOpen: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const renameButton = useRef<HTMLButtonElement | null>(null);
  const title = item.title ?? untitled;
  const errorId = `rename-error-${item.id}`;

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  function startEditing() {
    setDraft(item.title ?? '');
    setError(null);
    setEditing(true);
  }

  function stopEditing() {
    setEditing(false);
    setError(null);
    // Back where the person was: on the Rename button of this conversation.
    requestAnimationFrame(() => renameButton.current?.focus());
  }

  async function save() {
    const text = draft.trim();
    if (text === (item.title ?? '')) return stopEditing();
    if (text.length > 200) {
      setError(`A title is at most 200 characters; this one has ${text.length}.`);
      return;
    }
    setSaving(true);
    try {
      const body: PatchSessionBody = { title: text || null };
      await api(`/api/agent/sessions/${encodeURIComponent(item.id)}`, { method: 'PATCH', body });
      onRenamed(text || null);
      stopEditing();
    } catch (caught) {
      setError(`The title was not saved: ${errorMessage(caught)}`);
    } finally {
      setSaving(false);
    }
  }

  const who = startedByViewer(item.startedBy, viewerId) ? null : startedByLabel(item.startedBy, viewerId);
  return (
    <li className={styles.item} data-current={current ? 'true' : undefined} data-testid="conversation">
      {editing ? (
        <div className={styles.rename}>
          <label htmlFor={`rename-${item.id}`} className="sr-only">
            Title of the conversation
          </label>
          <input
            id={`rename-${item.id}`}
            ref={input}
            value={draft}
            maxLength={200}
            disabled={saving}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? errorId : undefined}
            placeholder="Title (empty: from the first message)"
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                void save();
              } else if (event.key === 'Escape') {
                // Esc here cancels the rename, nothing else (no run is stopped by it).
                event.preventDefault();
                event.stopPropagation();
                stopEditing();
              }
            }}
            onBlur={() => (saving || error ? undefined : stopEditing())}
          />
          {error ? (
            <p id={errorId} role="alert" className="error small">
              {error}
            </p>
          ) : (
            <p className="muted small">Enter saves, Esc cancels.</p>
          )}
        </div>
      ) : (
        <>
          <Link
            href={href}
            className={styles.link}
            aria-current={current ? 'page' : undefined}
            onClick={onOpen}
            scroll={false}
          >
            <span className={styles.title}>{title}</span>
            <span className={`${styles.meta} muted small`}>
              <time dateTime={item.lastActivityAt}>{relativeTime(item.lastActivityAt, now)}</time>
              {who ? <span data-testid="started-by"> · {who}</span> : null}
            </span>
          </Link>
          <button
            type="button"
            ref={renameButton}
            className={styles.renameButton}
            onClick={startEditing}
            aria-label={`Rename ${title}`}
            title="Rename"
          >
            ✎
          </button>
        </>
      )}
    </li>
  );
}
