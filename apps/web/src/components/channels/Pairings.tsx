'use client';

import type { ChannelPairing } from '@lifeosai/api-contract';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import styles from './Channels.module.css';
import { usePolled } from './use-polled.ts';

/**
 * The senders waiting for approval on a pairing connection, each with the code the network
 * sent them (so the owner can check it with the person) and Approve / Deny. The decision shows
 * at once; when the API refuses, the sender comes back with the reason.
 */
export function Pairings({
  channelId,
  pending,
  onDecided,
}: {
  channelId: string;
  /** The connection's `pendingSenders`: a change asks the list again. */
  pending: number;
  onDecided: () => Promise<void>;
}) {
  const base = `/api/agent/channels/${encodeURIComponent(channelId)}/pairings`;
  const pairings = usePolled<{ items: ChannelPairing[] }>(base, 10_000);
  const [decided, setDecided] = useState<Map<string, 'approve' | 'deny'>>(new Map());
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [status, setStatus] = useState('');
  const { reload } = pairings;

  // A new count of senders waiting (the connection list is polled) asks for the list again.
  useEffect(() => {
    void pending;
    void reload();
  }, [pending, reload]);

  async function decide(pairing: ChannelPairing, action: 'approve' | 'deny') {
    const who = pairing.name ?? pairing.senderId;
    setDecided((map) => new Map(map).set(pairing.code, action));
    setErrors((map) => {
      const next = new Map(map);
      next.delete(pairing.code);
      return next;
    });
    try {
      await api(`${base}/${encodeURIComponent(pairing.code)}/${action}`, { method: 'POST' });
      setStatus(action === 'approve' ? `${who} may write to the agent now.` : `${who} was refused.`);
      await Promise.all([reload(), onDecided()]);
    } catch (caught) {
      setErrors((map) => new Map(map).set(pairing.code, errorMessage(caught)));
      setStatus('');
    } finally {
      setDecided((map) => {
        const next = new Map(map);
        next.delete(pairing.code);
        return next;
      });
    }
  }

  const items = (pairings.data?.items ?? []).filter((pairing) => !decided.has(pairing.code));
  return (
    <section className={styles.part} aria-label="Senders waiting for approval">
      <h4>Waiting for approval</h4>
      <p role="status" className="muted small status-line">
        {status}
      </p>
      {pairings.error ? (
        <p role="alert" className="error small">
          The senders waiting could not be loaded: {pairings.error}
        </p>
      ) : null}
      {pairings.data && items.length === 0 && errors.size === 0 ? (
        <p className="muted small">
          Nobody is waiting. Someone new who writes gets a code and shows up here.
        </p>
      ) : null}
      <ul className="plain">
        {items.map((pairing) => {
          const who = pairing.name ?? `Sender ${pairing.senderId}`;
          const error = errors.get(pairing.code);
          return (
            <li key={pairing.code} className={styles.pairing} data-testid="pairing">
              <span>
                <strong>{who}</strong>{' '}
                <span className="muted small">
                  code <span className={styles.code}>{pairing.code}</span> ·{' '}
                  <time dateTime={pairing.requestedAt}>{relativeTime(pairing.requestedAt, Date.now())}</time>
                </span>
              </span>
              <span className="row">
                <button type="button" onClick={() => decide(pairing, 'approve')}>
                  Approve<span className="sr-only"> {who}</span>
                </button>
                <button type="button" className="secondary" onClick={() => decide(pairing, 'deny')}>
                  Deny<span className="sr-only"> {who}</span>
                </button>
              </span>
              {error ? (
                <p role="alert" className="error small">
                  {who} was not decided: {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
