'use client';

import type { PhoneNumberView, PhonePairing } from '@lifeosai/api-contract';
import { useId, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { callerPolicyWords, callLength } from '../../lib/call-format.ts';
import styles from '../channels/Channels.module.css';
import { CopyLink } from '../copy-link/CopyLink.tsx';
import { Pairings } from '../pairings/Pairings.tsx';
import { ConfirmDialog } from '../settings/ConfirmDialog.tsx';

/**
 * One number: who may call and for how long, the webhook to paste in Twilio (or why there is
 * none yet), the callers waiting for approval, and removing it (after a confirmation).
 */
export function PhoneNumberCard({
  number,
  onChange,
}: {
  number: PhoneNumberView;
  onChange: () => Promise<void>;
}) {
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const policy = callerPolicyWords[number.callers];

  async function remove() {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      await api(`/api/agent/phone-numbers/${encodeURIComponent(number.id)}`, { method: 'DELETE' });
      await onChange();
    } catch (caught) {
      setError(`Not removed: ${errorMessage(caught)}`);
      setBusy(false);
    }
  }

  return (
    <li className="card stack" aria-labelledby={headingId} data-testid="phone-number">
      <div className={styles.head}>
        <h3 id={headingId}>{number.number}</h3>
        {number.pendingCallers > 0 ? (
          <span className="muted small">{number.pendingCallers} waiting for approval</span>
        ) : null}
      </div>
      <dl className="facts small">
        <dt>Callers</dt>
        <dd>
          {policy.label}: {policy.hint}
        </dd>
        {number.callers === 'allowlist' ? (
          <>
            <dt>Allowed</dt>
            <dd>{number.allow.length > 0 ? number.allow.join(', ') : 'nobody yet'}</dd>
          </>
        ) : null}
        <dt>Longest call</dt>
        <dd>{callLength(number.maxCallSeconds)}</dd>
      </dl>
      {number.voiceUrl ? (
        <div className="stack small">
          <p>
            In Twilio’s console, open this number; under <strong>Voice configuration</strong>, set “A call
            comes in” to <strong>Webhook</strong>, this address, <strong>HTTP POST</strong>:
          </p>
          <CopyLink
            url={number.voiceUrl}
            fieldLabel="Voice webhook address"
            buttonLabel="Copy the voice webhook address"
          />
        </div>
      ) : (
        <p className="notice small" data-testid="no-public-url">
          Calls cannot reach this number yet: this platform has no public address. Whoever runs it sets{' '}
          <code>LIFEOSAI_PUBLIC_URL</code> to the https:// address Twilio can reach (a domain, or a tunnel to
          this machine) and restarts it; the webhook address to paste in Twilio then shows here.
        </p>
      )}
      <div className="row wrap">
        <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(true)}>
          Remove…<span className="sr-only"> {number.number}</span>
        </button>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Remove ${number.number}?`}
        confirmLabel="Remove"
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Calls to this number are refused from now on (until it is added again). Its past calls and their
          conversations stay.
        </p>
      </ConfirmDialog>
      {number.callers === 'pairing' || number.pendingCallers > 0 ? (
        <Pairings<PhonePairing>
          path={`/api/agent/phone-numbers/${encodeURIComponent(number.id)}/pairings`}
          who={(pairing) => pairing.caller}
          label="Callers waiting for approval"
          nobodyWaiting="Nobody is waiting. Someone new who calls hears a code, is asked to call again once approved, and shows up here."
          approved={(who) => `${who} may call the agent now.`}
          pending={number.pendingCallers}
          onDecided={onChange}
        />
      ) : null}
    </li>
  );
}
