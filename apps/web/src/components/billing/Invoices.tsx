'use client';

import type { InvoiceView } from '@lifeosai/api-contract';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { formatDay, formatMinorUnits } from './billing-words.ts';

/** The organization's invoices from Stripe, newest first, each with Stripe's page for it. */
export function Invoices() {
  const [invoices, setInvoices] = useState<InvoiceView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: InvoiceView[] }>('/api/billing/invoices').then(
      (list) => setInvoices(list.items),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  return (
    <section className="card stack" aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">Invoices</h2>
      {error ? <p className="error">{error}</p> : null}
      {invoices === null && !error ? <p className="muted">Loading…</p> : null}
      {invoices?.length === 0 ? <p className="muted">No invoices yet.</p> : null}
      {invoices?.length ? (
        <div className="table-wrap">
          <table aria-label="Invoices" className="responsive">
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Date</th>
                <th scope="col">Period</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <td data-label="Invoice">
                    {invoice.hostedInvoiceUrl ? (
                      <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                        {invoice.number ?? invoice.id}
                      </a>
                    ) : (
                      (invoice.number ?? invoice.id)
                    )}
                  </td>
                  <td data-label="Date">{formatDay(invoice.createdAt)}</td>
                  <td data-label="Period">
                    {formatDay(invoice.periodStart)} – {formatDay(invoice.periodEnd)}
                  </td>
                  <td data-label="Amount">{formatMinorUnits(invoice.amountDue, invoice.currency)}</td>
                  <td data-label="Status">{invoice.status ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
