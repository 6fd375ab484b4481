'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { CopyLink } from '../copy-link/CopyLink.tsx';
import styles from './Outbox.module.css';
import { type OutboxMail, outboxKindLabel } from './outbox-mail.ts';

const timeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The local outbox (`GET /api/admin/outbox`): without a mail server, the verification, reset
 * and invitation links the platform would have mailed. Only the instance admin sees them; each
 * is a credential, to be handed to the person it was meant for.
 */
export function Outbox({ mailOutbox }: { mailOutbox: boolean }) {
  const [mail, setMail] = useState<OutboxMail[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    api<{ items: OutboxMail[] }>('/api/admin/outbox').then(
      (answer) => setMail(answer.items),
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, []);
  useEffect(load, [load]);

  // With a mail server the outbox stays empty: nothing to show unless it kept older links.
  if (!mailOutbox && !mail?.length) return null;
  return (
    <section className="card stack" aria-labelledby="admin-outbox-heading">
      <div className="row wrap">
        <h2 id="admin-outbox-heading">Outbox</h2>
        <button type="button" className="secondary" onClick={load}>
          Refresh
        </button>
      </div>
      <p className="muted small">
        {mailOutbox
          ? 'No mail server is configured, so these links were not mailed (they are in the terminal too).'
          : 'Kept from before a mail server was configured.'}{' '}
        Each link is a credential for its recipient: pass it on to them only.
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {mail && mail.length === 0 ? <p className="muted">Nothing waiting.</p> : null}
      <ul className={`plain ${styles.list}`} aria-label="Outbox">
        {mail?.map((item) => (
          <li key={item.id} className={styles.item} data-testid="outbox-mail">
            <p className={styles.heading}>
              <span className="badge">{outboxKindLabel(item.kind)}</span> to <strong>{item.to}</strong>
              <span className="muted small"> · {timeFormat.format(Date.parse(item.sentAt))}</span>
            </p>
            <CopyLink
              url={item.url}
              fieldLabel={`Link for ${item.to}`}
              buttonLabel={`Copy the ${outboxKindLabel(item.kind).toLowerCase()} link for ${item.to}`}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
