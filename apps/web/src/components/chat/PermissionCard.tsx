'use client';

import type { PermissionAnswerBody } from '@lifeosai/api-contract';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api, errorMessage, isApiError } from '../../lib/api.ts';
import type { PermissionItem, PermissionResolution } from '../../lib/events.ts';
import styles from './PermissionCard.module.css';

function outcomeText(item: PermissionItem): string {
  const resolution: PermissionResolution | undefined = item.resolution;
  if (!resolution) return 'Not answered: the run ended first.';
  if (resolution.decision === 'allow') return resolution.by === 'policy' ? 'Allowed (by policy)' : 'Allowed';
  const who = resolution.by === 'user' ? 'by you' : resolution.by === 'policy' ? 'by policy' : 'timed out';
  return `Denied (${who})`;
}

function expiryText(expiresAt: string | undefined): string | null {
  const at = expiresAt ? new Date(expiresAt) : null;
  if (!at || Number.isNaN(at.getTime())) return null;
  return `Denied automatically at ${at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} if nobody answers.`;
}

/**
 * A tool call waiting for a person, in place in the conversation: what the agent wants to
 * run, Allow, or Deny with an optional reason the model is told. It settles when the run's
 * `permission_resolved` arrives (whoever answered), not when the POST returns, so every
 * open tab and a reload show the same outcome. The decision area keeps its height when it
 * settles, so nothing below the card moves.
 */
export function PermissionCard({ item }: { item: PermissionItem }) {
  const titleId = useId();
  const reasonId = useId();
  const settled = Boolean(item.resolution || item.closed);
  // Cards seen open keep their controls' space after they settle; replayed ones are compact.
  const [seenOpen] = useState(!settled);
  const [posting, setPosting] = useState<'allow' | 'deny' | null>(null);
  const [sent, setSent] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cardRef = useRef<HTMLElement | null>(null);
  const outcomeRef = useRef<HTMLParagraphElement | null>(null);

  // The buttons go inert when the card settles: keep keyboard focus in the card, on the outcome.
  useEffect(() => {
    if (settled && cardRef.current?.contains(document.activeElement)) outcomeRef.current?.focus();
  }, [settled]);

  async function decide(decision: PermissionAnswerBody['decision']) {
    setPosting(decision);
    setError(null);
    const message = reason.trim();
    try {
      const body: PermissionAnswerBody =
        decision === 'deny' && message ? { decision, message } : { decision };
      await api(`/api/agent/runs/${item.runId}/permissions/${item.requestId}`, { body });
      setSent(true);
    } catch (caught) {
      if (isApiError(caught, 'PERMISSION_ALREADY_RESOLVED')) {
        setSent(true);
        setError('Someone already answered this request.');
      } else if (isApiError(caught, 'RUN_NOT_ACTIVE')) {
        setSent(true);
        setError('The run is no longer active, so the request cannot be answered.');
      } else {
        setError(errorMessage(caught));
      }
    } finally {
      setPosting(null);
    }
  }

  function deny(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void decide('deny');
  }

  const locked = settled || sent || posting !== null;
  const state = item.closed && !item.resolution ? 'closed' : (item.resolution?.decision ?? 'pending');
  return (
    <section
      ref={cardRef}
      className={styles.card}
      data-state={state}
      data-testid="permission-card"
      aria-labelledby={titleId}
    >
      <p id={titleId} className={styles.title}>
        {item.input === undefined ? 'Tool call' : 'Permission requested'}: <code>{item.tool}</code>
      </p>
      {item.reason ? <p className={`small ${styles.line}`}>{item.reason}</p> : null}
      {item.input !== undefined ? (
        <pre className={styles.input}>{JSON.stringify(item.input, null, 2)}</pre>
      ) : null}
      <div className={styles.decision}>
        {seenOpen ? (
          <form
            className={styles.controls}
            onSubmit={deny}
            aria-label={`Answer the request to use ${item.tool}`}
            inert={settled}
            data-hidden={settled ? 'true' : undefined}
          >
            <label htmlFor={reasonId} className={`small ${styles.reasonLabel}`}>
              Reason (optional, sent with a denial)
            </label>
            <div className={styles.row}>
              <input
                id={reasonId}
                className={styles.reason}
                value={reason}
                maxLength={500}
                disabled={locked}
                onChange={(event) => setReason(event.target.value)}
              />
              <button type="button" disabled={locked} onClick={() => void decide('allow')}>
                Allow
              </button>
              <button type="submit" className="danger" disabled={locked}>
                Deny
              </button>
            </div>
            <p className={`small muted ${styles.line}`} aria-live="polite">
              {posting
                ? 'Sending your answer…'
                : sent
                  ? 'Answer sent; waiting for the agent.'
                  : expiryText(item.expiresAt)}
            </p>
          </form>
        ) : null}
        {settled ? (
          <div className={styles.outcome}>
            <p ref={outcomeRef} tabIndex={-1} role="status" className={styles.outcomeText}>
              {outcomeText(item)}
            </p>
            {item.resolution?.message && item.resolution.decision === 'deny' ? (
              <p className={`small muted ${styles.line}`}>Told the agent: “{item.resolution.message}”</p>
            ) : null}
          </div>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className={`error small ${styles.line}`}>
          {error}
        </p>
      ) : null}
    </section>
  );
}
