'use client';

import type { PushDevice, PushEventKind } from '@lifeosai/api-contract';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../lib/api.ts';
import { InstallApp } from '../pwa/InstallApp.tsx';
import {
  currentSubscription,
  disablePush,
  enablePush,
  pushUnsupportedReason,
  saveDevice,
  thisDevice,
} from '../pwa/push-device.ts';

/** The events a device may hear about, in the words the form shows. */
const choices: Array<{ kind: PushEventKind; label: string }> = [
  { kind: 'permission_request', label: 'A run needs your permission to use a tool' },
  { kind: 'run_finished', label: 'A run finished after you left the app' },
  { kind: 'sender_approval', label: 'Someone new on a channel waits for your approval' },
];

type State =
  | { phase: 'loading' }
  | { phase: 'unsupported'; reason: string }
  | { phase: 'off' }
  | { phase: 'on'; device: PushDevice };

/**
 * Push notifications for this browser: turn them on (permission, subscription, registration),
 * choose which events, turn them off. Choices are per device: a phone and a laptop differ.
 */
export function Notifications() {
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [events, setEvents] = useState<PushEventKind[]>(choices.map((choice) => choice.kind));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const reason = pushUnsupportedReason();
    if (reason) {
      setState({ phase: 'unsupported', reason });
      return;
    }
    currentSubscription()
      .then(thisDevice)
      .then(
        (device) => {
          if (device) setEvents(device.events);
          setState(device ? { phase: 'on', device } : { phase: 'off' });
        },
        (caught: unknown) => {
          setError(errorMessage(caught));
          setState({ phase: 'off' });
        },
      );
  }, []);

  async function act(work: () => Promise<State>) {
    setBusy(true);
    setError(null);
    try {
      setState(await work());
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  function toggle(kind: PushEventKind, checked: boolean) {
    const next = choices
      .map((choice) => choice.kind)
      .filter((k) => (k === kind ? checked : events.includes(k)));
    setEvents(next);
    if (state.phase !== 'on') return;
    void act(async () => {
      const subscription = await currentSubscription();
      if (!subscription) return { phase: 'off' };
      return { phase: 'on', device: await saveDevice(subscription, next) };
    });
  }

  return (
    <section className="card stack" aria-labelledby="notifications-heading" data-testid="notifications">
      <h2 id="notifications-heading">Notifications on this device</h2>
      <p className="muted small">
        Hear from your agents when LIFEOSAI is closed or in another tab. Each device (this browser, your
        phone) has its own choices.
      </p>
      {state.phase === 'unsupported' ? (
        <p className="notice">{state.reason}</p>
      ) : (
        <>
          <fieldset className="stack" disabled={busy || state.phase === 'loading'}>
            <legend>Tell me when</legend>
            {choices.map((choice) => (
              <label key={choice.kind} className="choice">
                <input
                  type="checkbox"
                  name={choice.kind}
                  checked={events.includes(choice.kind)}
                  onChange={(event) => toggle(choice.kind, event.currentTarget.checked)}
                />
                {choice.label}
              </label>
            ))}
          </fieldset>
          <div className="row">
            {state.phase === 'on' ? (
              <>
                <span className="grow" role="status">
                  On for this device{state.device.label ? ` (${state.device.label})` : ''}.
                </span>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      await disablePush(state.device);
                      return { phase: 'off' };
                    })
                  }
                >
                  Turn off
                </button>
              </>
            ) : (
              <button
                type="button"
                disabled={busy || state.phase === 'loading'}
                onClick={() => void act(async () => ({ phase: 'on', device: await enablePush(events) }))}
              >
                Turn on notifications
              </button>
            )}
          </div>
        </>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <h3 className="small">Install the app</h3>
      <InstallApp />
    </section>
  );
}
