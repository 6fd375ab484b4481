'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { withNext } from '../../lib/next-path.ts';
import styles from './auth.module.css';
import { authMessage } from './auth-messages.ts';
import { OutboxNotice } from './OutboxNotice.tsx';
import { ResendVerification } from './ResendVerification.tsx';

interface Props {
  /** The address just signed up or refused for being unverified, when known. */
  email: string | null;
  /** Landed from a verification link that worked (`?verified=1`). */
  verified: boolean;
  /** Landed from a verification link that failed (`?error=TOKEN_EXPIRED`, …). */
  error: string | null;
  /** No mail server: the link waits in the instance admin's outbox (the page never shows it). */
  mailOutbox: boolean;
  /** Where Continue goes once verified (a checked path on this site), instead of home. */
  next: string | null;
}

interface Session {
  user?: { email?: string; emailVerified?: boolean };
}

/** The verification flow's page: "check your inbox", the link's outcome, and a resend. */
export function VerifyEmail({ email, verified, error, mailOutbox, next }: Props) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    if (!verified) return;
    api<Session | null>('/api/auth/get-session').then(setSession, () => setSession(null));
  }, [verified]);

  if (verified && !error) {
    const user = session?.user;
    return (
      <main className="page narrow">
        <p className="brand">LIFEOSAI</p>
        <h1>Email verified</h1>
        <div className="card stack">
          <p role="status" className={styles.success}>
            {user?.email ? `${user.email} is verified.` : 'Your email address is verified.'}
          </p>
          {session === undefined ? null : user ? (
            <Link href={next ?? '/'} className="button">
              Continue
            </Link>
          ) : (
            <Link href={withNext('/sign-in', next)} className="button">
              Sign in
            </Link>
          )}
        </div>
      </main>
    );
  }

  return (
    <main className="page narrow">
      <p className="brand">LIFEOSAI</p>
      <h1>{error ? 'Email verification failed' : 'Check your inbox'}</h1>
      <div className="card stack">
        {error ? (
          <p role="alert" className="error">
            {authMessage(error)} Ask for a new link below.
          </p>
        ) : (
          <p>
            We sent a link to {email ? <strong>{email}</strong> : 'your email address'}. Open it to confirm
            the address, then you are signed in.
          </p>
        )}
        {!error && mailOutbox ? <OutboxNotice /> : null}
        <ResendVerification email={email ?? undefined} mailOutbox={mailOutbox} next={next} />
      </div>
      <p className={`${styles.linkRow} muted`}>
        <Link href={withNext('/sign-in', next)}>Back to sign in</Link>
      </p>
    </main>
  );
}
