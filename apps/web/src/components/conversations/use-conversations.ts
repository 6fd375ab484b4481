'use client';

import type { SessionPage, SessionSummary } from '@lifeosai/api-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { chatEvents } from '../chat/chat-events.ts';

/** How many conversations one page asks for. */
const pageSize = 30;

export interface Conversations {
  /** The conversations loaded so far, latest activity first. */
  items: SessionSummary[];
  /** True until the first page (of the current search) has arrived. */
  loading: boolean;
  /** True while a further page is on its way. */
  loadingMore: boolean;
  /** Why the last load failed, in words; null when it did not. */
  error: string | null;
  /** Whether older conversations remain to load. */
  hasMore: boolean;
  /** Loads the next (older) page; does nothing while one loads or when none remain. */
  loadMore: () => void;
  /** Loads the first page again (the list shown stays until it arrives). */
  reload: () => void;
  /** Puts a changed conversation (a new title) in place without reloading. */
  replace: (item: SessionSummary) => void;
}

function listPath(agentId: string, query: string, cursor: string | null): string {
  const params = new URLSearchParams({ limit: String(pageSize) });
  if (query) params.set('q', query);
  if (cursor) params.set('cursor', cursor);
  return `/api/agent/agents/${encodeURIComponent(agentId)}/sessions?${params}`;
}

/**
 * The agent's conversations the viewer may read (`GET /api/agent/agents/:id/sessions`), for the
 * search `query` (already debounced by the caller). Reloads from the first page when the query
 * changes and on `lifeosai:conversations-changed`; an answer for an older query is dropped.
 */
export function useConversations(agentId: string, query: string): Conversations {
  const [items, setItems] = useState<SessionSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Each reload gets a new generation: answers of an earlier one arrive too late to show.
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setError(null);
    api<SessionPage>(listPath(agentId, query, null)).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
        setLoadingMore(false);
      },
      (caught: unknown) => {
        if (mine !== generation.current) return;
        setError(`The conversations could not be loaded: ${errorMessage(caught)}`);
        setLoading(false);
      },
    );
  }, [agentId, query]);

  useEffect(() => {
    setLoading(true);
    reload();
  }, [reload]);

  useEffect(() => {
    window.addEventListener(chatEvents.conversationsChanged, reload);
    return () => window.removeEventListener(chatEvents.conversationsChanged, reload);
  }, [reload]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    api<SessionPage>(listPath(agentId, query, cursor)).then(
      (page) => {
        if (mine !== generation.current) return;
        // A conversation that moved up since the first page is already on screen: keep one.
        setItems((current) => {
          const seen = new Set(current.map((item) => item.id));
          return [...current, ...page.items.filter((item) => !seen.has(item.id))];
        });
        setCursor(page.nextCursor);
        setLoadingMore(false);
      },
      (caught: unknown) => {
        if (mine !== generation.current) return;
        setError(`Older conversations could not be loaded: ${errorMessage(caught)}`);
        setLoadingMore(false);
      },
    );
  }, [agentId, query, cursor, loadingMore]);

  const replace = useCallback((changed: SessionSummary) => {
    setItems((current) => current.map((item) => (item.id === changed.id ? changed : item)));
  }, []);

  return { items, loading, loadingMore, error, hasMore: cursor !== null, loadMore, reload, replace };
}
