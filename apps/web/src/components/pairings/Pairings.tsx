'use client';

import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import channelStyles from '../channels/Channels.module.css';
import { usePolled } from '../channels/use-polled.ts';
import styles from './Pairings.module.css';

/** A request waiting for approval: a channel's sender or a phone number's caller. */
interface Pairing {
  code: string;
  requestedAt: string;
}

/**
 * The people waiting for approval on a pairing door (a channel's senders, a phone number's
 * callers), each with the code they were given (so the owner can check it with the person) and
 * Approve / Deny. The decision shows at once; when the API refuses, the person comes back with
 * the reason.
 */
export function Pairings<T extends Pairing>({
  path,
  who,
  label,
  nobodyWaiting,
  approved,
  pending,
  onDecided,
}: {
  /** `…/pairings`: listed with GET, decided with `POST <path>/<code>/approve|deny`. */
  path: string;
  /** The person, as the list names them. */
  who: (pairing: T) => string;
  /** The section's name for assistive technology ("Senders waiting for approval"). */
  label: string;
  /** What the list says while nobody waits (how someone comes to wait). */
  nobodyWaiting: string;
  /** The status line once someone is approved ("Linus may write to the agent now."). */
  approved: (who: string) => string;
  /** The door's count of people waiting: a change asks the list again. */
  pending: number;
  onDecided: () => Promise<void>;
}) {
  const pairings = usePolled<{ items: T[] }>(path, 10_000);
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [status, setStatus] = useState('');
  const { reload } = pairings;

  // A new count of people waiting (the door's list is polled) asks for the list again.
  useEffect(() => {
    void pending;
    void reload();
  }, [pending, reload]);

  async function decide(pairing: T, action: 'approve' | 'deny') {
    const name = who(pairing);
    setDecided((set) => new Set(set).add(pairing.code));
    setErrors((map) => {
      const next = new Map(map);
      next.delete(pairing.code);
      return next;
    });
    try {
      await api(`${path}/${encodeURIComponent(pairing.code)}/${action}`, { method: 'POST' });
      setStatus(action === 'approve' ? approved(name) : `${name} was refused.`);
      await Promise.all([reload(), onDecided()]);
    } catch (caught) {
      setErrors((map) => new Map(map).set(pairing.code, errorMessage(caught)));
      setStatus('');
    } finally {
      setDecided((set) => {
        const next = new Set(set);
        next.delete(pairing.code);
        return next;
      });
    }
  }

  const items = (pairings.data?.items ?? []).filter((pairing) => !decided.has(pairing.code));
  return (
    <section className={channelStyles.part} aria-label={label}>
      <h4>Waiting for approval</h4>
      <p role="status" className="muted small status-line">
        {status}
      </p>
      {pairings.error ? (
        <p role="alert" className="error small">
          The list of those waiting could not be loaded: {pairings.error}
        </p>
      ) : null}
      {pairings.data && items.length === 0 && errors.size === 0 ? (
        <p className="muted small">{nobodyWaiting}</p>
      ) : null}
      <ul className="plain">
        {items.map((pairing) => {
          const name = who(pairing);
          const error = errors.get(pairing.code);
          return (
            <li key={pairing.code} className={styles.pairing} data-testid="pairing">
              <span>
                <strong>{name}</strong>{' '}
                <span className="muted small">
                  code <span className={styles.code}>{pairing.code}</span> ·{' '}
                  <time dateTime={pairing.requestedAt}>{relativeTime(pairing.requestedAt, Date.now())}</time>
                </span>
              </span>
              <span className="row">
                <button type="button" onClick={() => decide(pairing, 'approve')}>
                  Approve<span className="sr-only"> {name}</span>
                </button>
                <button type="button" className="secondary" onClick={() => decide(pairing, 'deny')}>
                  Deny<span className="sr-only"> {name}</span>
                </button>
              </span>
              {error ? (
                <p role="alert" className="error small">
                  {name} was not decided: {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
