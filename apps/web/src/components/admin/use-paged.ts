'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';

export interface Paged<T> {
  items: T[];
  /** True while there is a `nextCursor` to follow. */
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  /** HTTP status of the last failure (403: the caller is not the instance admin). */
  status: number | null;
  loadMore: () => void;
}

/** A cursor-paged list (`{items, nextCursor}`): the first page on mount, the next on `loadMore`. */
export function usePaged<T>(path: string, limit = 50): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const inFlight = useRef(false);

  const fetchPage = useCallback(
    (after: string | null) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setLoading(true);
      setError(null);
      const query = new URLSearchParams({ limit: String(limit) });
      if (after) query.set('cursor', after);
      api<{ items: T[]; nextCursor: string | null }>(`${path}?${query}`)
        .then(
          (page) => {
            setItems((previous) => (after ? [...previous, ...page.items] : page.items));
            setCursor(page.nextCursor ?? null);
            setStatus(null);
          },
          (caught: unknown) => {
            setError(errorMessage(caught));
            setStatus(caught instanceof ApiError ? caught.status : null);
          },
        )
        .finally(() => {
          inFlight.current = false;
          setLoading(false);
        });
    },
    [path, limit],
  );

  useEffect(() => fetchPage(null), [fetchPage]);

  return {
    items,
    hasMore: cursor !== null,
    loading,
    error,
    status,
    loadMore: () => {
      if (cursor) fetchPage(cursor);
    },
  };
}
