'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';

export interface Paged<T, Meta extends object = object> {
  items: T[];
  /** The last page's other fields (e.g. `enabled` of the impersonation log); null before the first. */
  meta: Meta | null;
  /** True while there is a `nextCursor` to follow. */
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  /** HTTP status of the last failure (403: the caller is not the instance admin). */
  status: number | null;
  loadMore: () => void;
}

/** A cursor-paged list (`{items, nextCursor}`): the first page on mount, the next on `loadMore`. */
export function usePaged<T, Meta extends object = object>(path: string, limit = 50): Paged<T, Meta> {
  const [items, setItems] = useState<T[]>([]);
  const [meta, setMeta] = useState<Meta | null>(null);
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
      api<{ items: T[]; nextCursor: string | null } & Meta>(`${path}?${query}`)
        .then(
          ({ items: pageItems, nextCursor, ...rest }) => {
            setItems((previous) => (after ? [...previous, ...pageItems] : pageItems));
            setMeta(rest as unknown as Meta);
            setCursor(nextCursor ?? null);
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
    meta,
    hasMore: cursor !== null,
    loading,
    error,
    status,
    loadMore: () => {
      if (cursor) fetchPage(cursor);
    },
  };
}
