'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';

/**
 * `GET path` now and every `everyMs` while the page is visible (a hidden tab does not poll), so
 * what other parts of the platform change (a connection's health, a sender waiting, a reply
 * sent) shows without a reload. `reload()` asks again at once; `set` changes the copy held here
 * (optimistic updates), the next answer replacing it. `path` null: nothing is asked.
 */
export function usePolled<T>(
  path: string | null,
  everyMs: number,
): { data: T | null; error: string | null; reload: () => Promise<void>; set: (data: T) => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(path);
  current.current = path;

  const reload = useCallback(async () => {
    if (!path) return;
    try {
      const answer = await api<T>(path);
      if (current.current === path) {
        setData(answer);
        setError(null);
      }
    } catch (caught) {
      if (current.current === path) setError(errorMessage(caught));
    }
  }, [path]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);

  return { data, error, reload, set: setData };
}
