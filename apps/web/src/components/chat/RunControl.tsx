'use client';

import { useParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, type Run } from '../../lib/api.ts';
import { runOutcome } from '../../lib/run-outcome.ts';
import { chatEvents } from './chat-events.ts';

const isActive = (status: string | undefined) => status === 'queued' || status === 'running';

/**
 * The run page's control: Stop while the run is queued or running (whatever its harness is
 * doing), then how it ended in words — "Stopped by you", or the one error with what to do.
 * Answers the Stop shortcut (`lifeosai:stop-run`) too.
 */
export function RunControl() {
  const { id } = useParams<{ id: string }>();
  const [run, setRun] = useState<Run | null>(null);
  const [stopping, setStopping] = useState(false);
  const [stoppedHere, setStoppedHere] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const load = () =>
      api<Run>(`/api/agent/runs/${id}`).then(
        (loaded) => {
          if (cancelled) return;
          setRun(loaded);
          if (isActive(loaded.status)) timer = setTimeout(load, 1500);
        },
        (caught: unknown) => (cancelled ? undefined : setError(errorMessage(caught))),
      );
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [id]);

  const stop = useCallback(async () => {
    if (!run || !isActive(run.status)) return;
    setStopping(true);
    setStoppedHere(true);
    try {
      setRun(await api<Run>(`/api/agent/runs/${run.id}/cancel`, { method: 'POST', body: {} }));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setStopping(false);
    }
  }, [run]);

  useEffect(() => {
    const onStop = () => void stop();
    window.addEventListener(chatEvents.stopRun, onStop);
    return () => window.removeEventListener(chatEvents.stopRun, onStop);
  }, [stop]);

  if (error) return <p className="error">{error}</p>;
  if (!run) return null;
  const outcome = runOutcome(run);
  return (
    <div className="row" data-testid="run-control">
      {!outcome ? (
        <>
          <span className="muted">This run is {run.status}.</span>
          <button type="button" className="danger" onClick={stop} disabled={stopping}>
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        </>
      ) : outcome.kind === 'failed' ? (
        <p className="error" role="alert">
          {outcome.message}
        </p>
      ) : (
        <p className="muted">
          {outcome.kind === 'stopped' ? (stoppedHere ? 'Stopped by you.' : 'Stopped.') : 'Finished.'}
        </p>
      )}
    </div>
  );
}
