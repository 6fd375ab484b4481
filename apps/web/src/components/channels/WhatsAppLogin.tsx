'use client';

import type { Channel, ChannelLoginEvent } from '@lifeosai/api-contract';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { followLoginStream } from '../../lib/channel-login-stream.ts';
import styles from './Channels.module.css';
import { QrCode } from './QrCode.tsx';

/** What the login stream said last. */
interface LoginState {
  qr: string | null;
  pairingCode: string | null;
  status: Channel['status'] | null;
  lastError: string | null;
}

/**
 * Linking the phone: the QR code live from the login stream (each new one replaces the last),
 * or a pairing code for a phone number typed here, shown big; the state as it changes, and
 * "linked" once the phone is.
 */
export function WhatsAppLogin({ channel, onLinked }: { channel: Channel; onLinked: () => Promise<void> }) {
  const id = useId();
  const [login, setLogin] = useState<LoginState>({
    qr: null,
    pairingCode: null,
    status: null,
    lastError: null,
  });
  const [streamError, setStreamError] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const [asking, setAsking] = useState(false);
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const base = `/api/agent/channels/${encodeURIComponent(channel.id)}/login`;

  useEffect(() => {
    const controller = new AbortController();
    void followLoginStream(base, {
      signal: controller.signal,
      onEvent(event: ChannelLoginEvent) {
        setStreamError(null);
        if ('qr' in event) setLogin((state) => ({ ...state, qr: event.qr }));
        else if ('pairingCode' in event) setLogin((state) => ({ ...state, pairingCode: event.pairingCode }));
        else {
          setLogin((state) => ({ ...state, status: event.status, lastError: event.lastError ?? null }));
          if (event.status === 'connected') void onLinked();
        }
      },
      onEnd(error) {
        setStreamError(error.message);
      },
    });
    return () => controller.abort();
  }, [base, onLinked]);

  async function askCode(event: FormEvent) {
    event.preventDefault();
    setAsking(true);
    setPhoneError(null);
    try {
      const answer = await api<{ pairingCode: string }>(base, {
        method: 'POST',
        body: { phoneNumber: phone },
      });
      setLogin((state) => ({ ...state, pairingCode: answer.pairingCode }));
    } catch (caught) {
      setPhoneError(errorMessage(caught));
    } finally {
      setAsking(false);
    }
  }

  const linked = login.status === 'connected';
  return (
    <section className={`${styles.part} stack`} aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>Link the phone</h4>
      <p role="status" className="small" data-testid="login-status">
        {linked
          ? 'Linked: the phone is connected.'
          : login.status === 'error'
            ? `Linking failed: ${login.lastError ?? 'try again.'}`
            : login.qr
              ? 'Waiting for the phone to scan the code…'
              : 'Asking WhatsApp for a login code…'}
      </p>
      {streamError ? (
        <p role="alert" className="error small">
          The login could not be followed: {streamError}
        </p>
      ) : null}
      {!linked ? (
        <div className={styles.qr}>
          {login.qr ? <QrCode value={login.qr} label="QR code to scan with WhatsApp on the phone" /> : null}
          <ol className={`${styles.steps} small`}>
            <li>On the phone, open WhatsApp → Settings → Linked devices.</li>
            <li>Tap “Link a device” and scan this code. A new code replaces it every few seconds.</li>
          </ol>
        </div>
      ) : null}
      {!linked ? (
        <form className="stack" onSubmit={askCode}>
          <p className="small muted">Cannot scan? Link with a code sent to the phone instead.</p>
          <div className="row wrap">
            <label className="grow">
              Phone number
              <input
                type="tel"
                autoComplete="tel"
                placeholder="+33 6 12 34 56 78"
                value={phone}
                aria-invalid={phoneError ? 'true' : undefined}
                aria-describedby={phoneError ? `${id}-phone-error` : undefined}
                onChange={(event) => setPhone(event.target.value)}
              />
            </label>
            <button type="submit" className="secondary" disabled={asking || !phone.trim()}>
              Get a pairing code
            </button>
          </div>
          {phoneError ? (
            <p id={`${id}-phone-error`} role="alert" className="error small">
              {phoneError}
            </p>
          ) : null}
          {login.pairingCode ? (
            <div>
              <p className="small">
                On the phone: Linked devices → Link with phone number instead, and type:
              </p>
              <p className={styles.bigCode} data-testid="pairing-code">
                {login.pairingCode}
              </p>
            </div>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
