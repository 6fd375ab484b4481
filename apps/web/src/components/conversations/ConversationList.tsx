'use client';

import { type RefObject, useEffect, useRef, useState } from 'react';
import { chatEvents, dispatchChatEvent } from '../chat/chat-events.ts';
import { ConversationItem } from './ConversationItem.tsx';
import styles from './Conversations.module.css';
import { conversationHref } from './conversation-url.ts';
import type { Conversations } from './use-conversations.ts';

/** How long typing pauses before the search is sent. */
export const searchDelayMs = 250;

/** `value`, once it has stopped changing for `delayMs`. */
export function useDebounced(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * The list part of the sidebar: the search box, the conversations (the next page loads when the
 * end of the list scrolls into view, or with "Load older conversations"), and what to say when
 * there are none.
 */
export function ConversationList({
  agentId,
  conversations,
  search,
  onSearch,
  searchRef,
  currentId,
  viewerId,
  onOpen,
}: {
  agentId: string;
  conversations: Conversations;
  /** The search box's text (the list is for its debounced value). */
  search: string;
  onSearch: (text: string) => void;
  /** The search box, for Ctrl/⌘+K. */
  searchRef: RefObject<HTMLInputElement | null>;
  /** The conversation the chat shows; null for a new chat. */
  currentId: string | null;
  viewerId: string | undefined;
  /** Called when a conversation is opened (the phone's drawer closes). */
  onOpen: () => void;
}) {
  const { items, loading, loadingMore, error, hasMore, loadMore, replace } = conversations;
  const end = useRef<HTMLLIElement | null>(null);
  // One instant for every "… ago" of a render; it moves on each minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const target = end.current;
    if (!target || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadMore();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, loadMore]);

  const query = search.trim();
  return (
    <>
      <search className={styles.search}>
        <label htmlFor="conversation-search" className="sr-only">
          Search conversations
        </label>
        <input
          id="conversation-search"
          ref={searchRef}
          type="search"
          value={search}
          placeholder="Search conversations"
          autoComplete="off"
          onChange={(event) => onSearch(event.target.value)}
          onKeyDown={(event) => {
            // Esc in a filled search box clears it; an empty one lets Esc through.
            if (event.key === 'Escape' && search) {
              event.preventDefault();
              onSearch('');
            }
          }}
        />
      </search>
      {error ? (
        <p role="alert" className="error small">
          {error}
        </p>
      ) : null}
      {!loading && items.length === 0 && !error ? (
        <p className={`${styles.empty} muted small`} data-testid="conversations-empty">
          {query
            ? `No conversation mentions “${query}”. Try other words, or clear the search.`
            : 'No conversations yet. Say something to start one.'}
        </p>
      ) : null}
      <ul className={styles.list} aria-label="Conversations" aria-busy={loading || loadingMore}>
        {items.map((item) => (
          <ConversationItem
            key={item.id}
            item={item}
            href={conversationHref(agentId, item.id)}
            current={item.id === currentId}
            viewerId={viewerId}
            now={now}
            onOpen={onOpen}
            onRenamed={(title) =>
              title === null
                ? dispatchChatEvent(chatEvents.conversationsChanged)
                : replace({ ...item, title })
            }
          />
        ))}
        {hasMore ? (
          <li ref={end} className={styles.more}>
            <button type="button" className="secondary" onClick={loadMore} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Load older conversations'}
            </button>
          </li>
        ) : null}
      </ul>
    </>
  );
}
