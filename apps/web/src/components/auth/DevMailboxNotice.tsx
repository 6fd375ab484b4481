'use client';

import { useEffect, useState } from 'react';
import styles from './auth.module.css';
import { type DevMail, waitForDevMail } from './dev-mailbox.ts';

/**
 * Local mode has no mail server: instead of "check your inbox" alone, shows the link the
 * message would have carried, so a person on the desktop can finish the flow.
 */
export function DevMailboxNotice({
  email,
  kind,
  since,
}: {
  email: string;
  kind: DevMail['kind'];
  /** Only a message sent at or after this time (epoch ms) counts. */
  since: number;
}) {
  const [state, setState] = useState<{ status: 'looking' | 'none' } | { status: 'found'; mail: DevMail }>({
    status: 'looking',
  });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'looking' });
    waitForDevMail(email, kind, since, { signal: controller.signal }).then((mail) => {
      if (!controller.signal.aborted) setState(mail ? { status: 'found', mail } : { status: 'none' });
    });
    return () => controller.abort();
  }, [email, kind, since]);

  return (
    <div className={`notice ${styles.devNotice}`} data-testid="dev-mailbox" aria-live="polite">
      <p className="small">
        <strong>Local mode:</strong> no email is sent.{' '}
        {state.status === 'looking' ? 'Looking for the link…' : null}
        {state.status === 'none'
          ? `No message to ${email} was found; check the address and try again.`
          : null}
        {state.status === 'found' ? 'Open the link:' : null}
      </p>
      {state.status === 'found' ? (
        <a href={state.mail.url} className={styles.mailLink}>
          {state.mail.url}
        </a>
      ) : null}
    </div>
  );
}
