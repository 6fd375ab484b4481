'use client';

import type { BillingView as Billing } from '@lifeosai/api-contract';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../Shell.tsx';
import { canManage } from '../settings/role-options.ts';
import { formatPeriod, formatUsd, limitLines, paymentProblem, statusWords } from './billing-words.ts';
import { Invoices } from './Invoices.tsx';

/** What Checkout came back with (`?checkout=success|cancelled` on the return URL). */
function checkoutReturn(): string | null {
  if (typeof window === 'undefined') return null;
  return new URLSearchParams(window.location.search).get('checkout');
}

/**
 * `/settings/billing`: the organization's plan and status, usage this period against what the
 * plan includes, its limits, the plans on offer (owners and admins buy them through Stripe
 * Checkout), Manage billing (Stripe's portal) and the invoices. With billing off on the
 * instance it says so: nothing is limited.
 */
export function BillingView() {
  const manage = canManage(useMe());
  const [billing, setBilling] = useState<Billing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [returned, setReturned] = useState<string | null>(null);
  const load = useCallback(() => {
    api<Billing>('/api/billing').then(setBilling, (e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    setReturned(checkoutReturn());
    load();
  }, [load]);

  /** Asks the API for a Stripe page (Checkout or the portal) and goes there. */
  async function goTo(path: string, what: string, body?: unknown) {
    setBusy(what);
    setError(null);
    try {
      const { url } = await api<{ url: string }>(path, { method: 'POST', ...(body ? { body } : {}) });
      window.location.assign(url);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(null);
    }
  }

  if (!billing) return error ? <p className="error">{error}</p> : <p className="muted">Loading…</p>;
  const plan = billing.plans.find((candidate) => candidate.id === billing.plan);
  const included = billing.usage.included;
  const offered = billing.plans.filter((candidate) => candidate.purchasable && candidate.id !== billing.plan);
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="plan-heading">
        <h2 id="plan-heading">Plan</h2>
        {!billing.enabled ? (
          <p className="muted" role="note">
            Billing is off on this instance (no Stripe key is configured): every feature works and nothing is
            limited.
          </p>
        ) : null}
        {returned === 'success' ? (
          <p role="status">Thank you. The plan changes as soon as Stripe confirms the payment.</p>
        ) : returned === 'cancelled' ? (
          <p className="muted" role="status">
            Checkout was cancelled; nothing changed.
          </p>
        ) : null}
        {paymentProblem.has(billing.status) ? (
          <p className="error" role="alert">
            The last payment failed, so new runs are paused.{' '}
            {manage ? 'Update the payment method in Manage billing.' : 'Ask an owner or admin to update it.'}
          </p>
        ) : null}
        <dl className="stack">
          <div>
            <dt className="muted small">Plan</dt>
            <dd data-testid="billing-plan">{plan?.name ?? billing.plan}</dd>
          </div>
          <div>
            <dt className="muted small">Status</dt>
            <dd data-testid="billing-status">
              {statusWords[billing.status]}
              {billing.cancelAtPeriodEnd ? ' · ends at the end of this period' : ''}
            </dd>
          </div>
          <div>
            <dt className="muted small">This period (UTC)</dt>
            <dd>{formatPeriod(billing.period)}</dd>
          </div>
          <div>
            <dt className="muted small">Usage this period</dt>
            <dd>
              {formatUsd(billing.usage.costUsd)}
              {included > 0 ? ` of ${formatUsd(included)} included` : ''}
              {included > 0 ? (
                <progress
                  className="grow"
                  max={included}
                  value={Math.min(billing.usage.costUsd, included)}
                  aria-label="Usage of what the plan includes"
                  style={{ display: 'block', width: '100%' }}
                />
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="muted small">Limits</dt>
            <dd>{limitLines(billing.limits).join(' · ')}</dd>
          </div>
        </dl>
        {billing.enabled && manage ? (
          <div className="row wrap">
            <button
              type="button"
              className="secondary"
              disabled={busy !== null}
              onClick={() => goTo('/api/billing/portal', 'portal')}
            >
              {busy === 'portal' ? 'Opening…' : 'Manage billing'}
            </button>
          </div>
        ) : null}
        {error ? <p className="error">{error}</p> : null}
      </section>
      {offered.length ? (
        <section className="card stack" aria-labelledby="plans-heading">
          <h2 id="plans-heading">Plans</h2>
          {manage ? null : <p className="muted small">Owners and admins change the plan.</p>}
          <ul className="plain stack">
            {offered.map((candidate) => (
              <li key={candidate.id} className="row wrap">
                <span className="grow">
                  <strong>{candidate.name}</strong>
                  <span className="muted small">
                    {' '}
                    · {formatUsd(candidate.includedUsd)} usage included ·{' '}
                    {limitLines(candidate.limits).join(' · ')}
                  </span>
                </span>
                {manage ? (
                  <button
                    type="button"
                    disabled={busy !== null}
                    aria-label={`Upgrade to ${candidate.name}`}
                    onClick={() => goTo('/api/billing/checkout', candidate.id, { plan: candidate.id })}
                  >
                    {busy === candidate.id ? 'Opening…' : `Upgrade to ${candidate.name}`}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {billing.enabled && manage ? <Invoices /> : null}
    </div>
  );
}
