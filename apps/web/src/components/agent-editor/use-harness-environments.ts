'use client';

import type { EnvironmentDiagnostic, EnvironmentReport } from '@lifeosai/api-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';

/** One finding of a harness's environment check (`GET /api/agent/harnesses/:id/environment`). */
export type { EnvironmentDiagnostic } from '@lifeosai/api-contract';

/** Where the check of one harness stands. */
export type EnvironmentState =
  | { state: 'checking' }
  | { state: 'done'; ready: boolean; diagnostics: EnvironmentDiagnostic[] }
  | { state: 'failed'; message: string };

/**
 * Runs every harness's environment check at once (each may take seconds) and keeps the
 * latest answer per harness; `recheck` runs one again on the server (not a cached report). Answers that arrive after the page
 * left, or after a newer check of the same harness started, are dropped.
 */
export function useHarnessEnvironments(harnessIds: readonly string[]): {
  environments: Record<string, EnvironmentState>;
  recheck: (harnessId: string) => void;
} {
  const [environments, setEnvironments] = useState<Record<string, EnvironmentState>>({});
  const latest = useRef(new Map<string, number>());
  const mounted = useRef(true);

  const check = useCallback((harnessId: string, refresh = false) => {
    const attempt = (latest.current.get(harnessId) ?? 0) + 1;
    latest.current.set(harnessId, attempt);
    const settle = (state: EnvironmentState) => {
      if (mounted.current && latest.current.get(harnessId) === attempt)
        setEnvironments((current) => ({ ...current, [harnessId]: state }));
    };
    settle({ state: 'checking' });
    api<EnvironmentReport>(
      `/api/agent/harnesses/${encodeURIComponent(harnessId)}/environment${refresh ? '?refresh=true' : ''}`,
    ).then(
      (report) => settle({ state: 'done', ready: report.ready, diagnostics: report.diagnostics ?? [] }),
      (error: unknown) => settle({ state: 'failed', message: errorMessage(error) }),
    );
  }, []);

  const key = harnessIds.join('\n');
  useEffect(() => {
    mounted.current = true;
    for (const harnessId of key ? key.split('\n') : []) check(harnessId);
    return () => {
      mounted.current = false;
    };
  }, [key, check]);

  // "Check again" is pressed after fixing something: a report the server still holds won't do.
  const recheck = useCallback((harnessId: string) => check(harnessId, true), [check]);
  return { environments, recheck };
}
