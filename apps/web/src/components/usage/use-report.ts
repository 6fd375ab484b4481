'use client';

import { useEffect, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';

export interface ReportState<T> {
  /** The last answer; kept while a new path loads, so the page does not collapse and jump. */
  data: T | null;
  loading: boolean;
  error: string | null;
  /** HTTP status of the failure, when there was one (403 → not allowed). */
  status: number | null;
}

/** GETs `path` whenever it changes; an answer for a path left behind is dropped. */
export function useReport<T>(path: string): ReportState<T> {
  const [state, setState] = useState<ReportState<T>>({
    data: null,
    loading: true,
    error: null,
    status: null,
  });
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true, error: null, status: null }));
    api<T>(path).then(
      (data) => {
        if (current) setState({ data, loading: false, error: null, status: null });
      },
      (error: unknown) => {
        if (!current) return;
        setState((previous) => ({
          ...previous,
          loading: false,
          error: errorMessage(error),
          status: error instanceof ApiError ? error.status : null,
        }));
      },
    );
    return () => {
      current = false;
    };
  }, [path]);
  return state;
}
