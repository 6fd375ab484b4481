import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeStripe } from './fake-stripe-api.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const page = (response: ServerResponse, status: number, title: string, body: string) => {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  );
};

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/**
 * Stand-ins for Stripe's hosted pages and a few JSON controls for people running the fake by hand:
 * `GET/POST /checkout/pay/:id` (a Pay button that completes the session and redirects to its
 * success URL), `GET /portal/:id`, `GET /invoices/:id`, `POST /control/fail-payment?customer=…`,
 * `POST /control/cancel?subscription=…`, `GET /control/meter-events`.
 */
export async function handlePage(
  fake: FakeStripe,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  request.resume();
  const method = request.method ?? 'GET';
  const checkout = /^\/checkout\/pay\/([A-Za-z0-9_]+)$/.exec(url.pathname);
  if (checkout) {
    const session = fake.state.sessions.get(checkout[1]!);
    if (!session) return page(response, 404, 'No such checkout session', '');
    if (method === 'POST') {
      if (session.status === 'open') await fake.completeCheckout(session.id);
      const target = (session.success_url ?? '/').replace('{CHECKOUT_SESSION_ID}', session.id);
      response.writeHead(303, { location: target });
      return void response.end();
    }
    const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p>` : '';
    return page(
      response,
      200,
      'Fake Stripe Checkout',
      `<p>Session ${escapeHtml(session.id)} (${escapeHtml(session.status)})</p><form method="post"><button type="submit">Pay</button></form>${cancel}`,
    );
  }
  const portal = /^\/portal\/([A-Za-z0-9_]+)$/.exec(url.pathname);
  if (portal) {
    const back = url.searchParams.get('return_url');
    return page(
      response,
      200,
      'Fake Stripe billing portal',
      back ? `<p><a href="${escapeHtml(back)}">Return</a></p>` : '',
    );
  }
  const invoice = /^\/invoices\/([A-Za-z0-9_]+)(\.pdf)?$/.exec(url.pathname);
  if (invoice) {
    const found = fake.state.invoices.get(invoice[1]!);
    if (!found) return page(response, 404, 'No such invoice', '');
    return page(
      response,
      200,
      `Invoice ${found.number}`,
      `<p>${found.status}: ${found.amount_due} ${found.currency}</p>`,
    );
  }
  try {
    if (method === 'POST' && url.pathname === '/control/fail-payment')
      return json(response, 200, await fake.failPayment(url.searchParams.get('customer') ?? ''));
    if (method === 'POST' && url.pathname === '/control/cancel')
      return json(
        response,
        200,
        await fake.cancelSubscription(url.searchParams.get('subscription') ?? '', {
          atPeriodEnd: url.searchParams.get('at_period_end') === 'true',
        }),
      );
  } catch (error) {
    return json(response, 404, { error: (error as Error).message });
  }
  if (method === 'GET' && url.pathname === '/control/meter-events')
    return json(response, 200, fake.meterEvents());
  return page(response, 404, 'Not found', '');
}
