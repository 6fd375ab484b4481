'use client';

import type { AcceptedInvitation } from '@lifeosai/api-contract';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import { withNext } from '../../lib/next-path.ts';
import styles from './AcceptInvitation.module.css';
import {
  type InvitationDetails,
  parseInvitation,
  roleWithArticle,
  type Unavailable,
  unavailableReason,
} from './invitation.ts';

type View =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'ready'; invitation: InvitationDetails }
  | { status: 'unavailable'; reason: Unavailable }
  | { status: 'failed'; message: string };

interface Session {
  user?: { email?: string };
}

const unavailableText: Record<Unavailable, string> = {
  'not-yours':
    'This invitation is not for the account you are signed in with, or it was cancelled or already used.',
  unverified:
    'Confirm your email address first (open the link we sent when you signed up), then open this invitation again.',
};

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/**
 * The page an invitation email links to (`/accept-invitation?id=`). Signed out: sign in or
 * create an account, and come back here. Signed in: which organization, which role, and
 * Accept (join, switch to it, go to its agents) or Not now (the invitation stays open).
 */
export function AcceptInvitation({ invitationId }: { invitationId: string | null }) {
  const router = useRouter();
  const [view, setView] = useState<View>({ status: 'loading' });
  const [account, setAccount] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Joined but not switched yet (the switch failed): a retry only switches.
  const [joined, setJoined] = useState<string | null>(null);
  const here = invitationId ? `/accept-invitation?${new URLSearchParams({ id: invitationId })}` : null;

  const load = useCallback(async () => {
    if (!invitationId) return;
    setView({ status: 'loading' });
    try {
      const session = await api<Session | null>('/api/auth/get-session');
      if (!session?.user) {
        setView({ status: 'signed-out' });
        return;
      }
      setAccount(session.user.email ?? null);
      const answer = await api(
        `/api/auth/organization/get-invitation?${new URLSearchParams({ id: invitationId })}`,
      );
      const invitation = parseInvitation(answer);
      setView(
        invitation
          ? { status: 'ready', invitation }
          : { status: 'failed', message: 'The invitation could not be read. Try again.' },
      );
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) setView({ status: 'signed-out' });
      else {
        const reason = unavailableReason(caught);
        setView(
          reason ? { status: 'unavailable', reason } : { status: 'failed', message: errorMessage(caught) },
        );
      }
    }
  }, [invitationId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function accept(invitation: InvitationDetails) {
    if (!invitationId) return;
    setBusy(true);
    setError(null);
    let organizationId = joined;
    if (!organizationId) {
      try {
        const accepted = await api<AcceptedInvitation>(
          `/api/orgs/invitations/${encodeURIComponent(invitationId)}/accept`,
          { method: 'POST' },
        );
        organizationId = accepted.organizationId;
        setJoined(organizationId);
      } catch (caught) {
        const reason = unavailableReason(caught);
        if (reason) setView({ status: 'unavailable', reason });
        else setError(errorMessage(caught));
        setBusy(false);
        return;
      }
    }
    try {
      await api('/api/auth/organization/set-active', { body: { organizationId } });
    } catch (caught) {
      setError(
        `You joined ${invitation.organizationName}, but switching to it failed (${errorMessage(caught)}). Try again.`,
      );
      setBusy(false);
      return;
    }
    router.replace('/agents');
  }

  async function signOut() {
    setBusy(true);
    await api('/api/auth/sign-out', { method: 'POST', body: {} }).catch(() => undefined);
    router.replace(withNext('/sign-in', here));
  }

  const signedInAs = account ? (
    <p className="muted small">
      Signed in as <strong>{account}</strong>.
    </p>
  ) : null;

  let body: ReactNode;
  if (!invitationId) {
    body = (
      <p role="alert" className="error">
        This link has no invitation in it. Open the link from the invitation email again.
      </p>
    );
  } else if (view.status === 'loading') {
    body = <p className="muted">Loading the invitation…</p>;
  } else if (view.status === 'signed-out') {
    body = (
      <>
        <p>
          You were invited to an organization on LIFEOSAI. Sign in, or create an account with the email
          address the invitation was sent to; you come back here to accept it.
        </p>
        <div className={styles.actions}>
          <Link href={withNext('/sign-in', here)} className="button">
            Sign in
          </Link>
          <Link href={withNext('/sign-up', here)} className={`button ${styles.secondary}`}>
            Create an account
          </Link>
        </div>
      </>
    );
  } else if (view.status === 'unavailable') {
    body = (
      <>
        <p role="alert" className="error">
          {unavailableText[view.reason]}
        </p>
        {signedInAs}
        <div className={styles.actions}>
          <button type="button" onClick={signOut} disabled={busy}>
            Sign out and use another account
          </button>
          <Link href="/agents" className={`button ${styles.secondary}`}>
            Go to your agents
          </Link>
        </div>
      </>
    );
  } else if (view.status === 'failed') {
    body = (
      <>
        <p role="alert" className="error">
          {view.message}
        </p>
        <div className={styles.actions}>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      </>
    );
  } else {
    const { invitation } = view;
    const expires = invitation.expiresAt ? new Date(invitation.expiresAt) : null;
    body = (
      <>
        <p className={styles.lead}>
          {invitation.inviterEmail ? `${invitation.inviterEmail} invited you` : 'You are invited'} to join{' '}
          <strong>{invitation.organizationName}</strong> as {roleWithArticle(invitation.role)}.
        </p>
        <dl className="facts small" aria-label="Invitation">
          <dt>Organization</dt>
          <dd data-testid="invitation-organization">{invitation.organizationName}</dd>
          <dt>Role</dt>
          <dd data-testid="invitation-role">{invitation.role}</dd>
          {expires && !Number.isNaN(expires.getTime()) ? (
            <>
              <dt>Expires</dt>
              <dd>{dateFormat.format(expires)}</dd>
            </>
          ) : null}
        </dl>
        {signedInAs}
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <div className={styles.actions}>
          <button type="button" onClick={() => void accept(invitation)} disabled={busy}>
            {busy ? 'Joining…' : joined ? `Switch to ${invitation.organizationName}` : 'Accept'}
          </button>
          <Link href="/agents" className={`button ${styles.secondary}`}>
            Not now
          </Link>
        </div>
        <p className="muted small">Not now keeps the invitation open: the link works until it expires.</p>
      </>
    );
  }

  return (
    <main className="page narrow">
      <p className="brand">LIFEOSAI</p>
      <h1>{view.status === 'ready' ? `Join ${view.invitation.organizationName}` : 'Invitation'}</h1>
      <div className={`card stack ${styles.card}`}>{body}</div>
    </main>
  );
}
