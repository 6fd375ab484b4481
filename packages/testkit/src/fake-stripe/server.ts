import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeStripe, FakeStripeOptions, FakeStripeRequest } from './fake-stripe-api.ts';
import { type FormValue, parseStripeForm } from './form.ts';
import { handlePage } from './hosted-pages.ts';
import { cancelSubscription, completeCheckout, failPayment } from './lifecycle.ts';
import type { FakeEvent, StripeObject } from './objects.ts';
import { FakeStripeState } from './state.ts';
import { StripeApiError } from './stripe-error.ts';
import { buildEvent, type Delivery, deliverEvent, signPayload } from './webhook.ts';

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * A fake of the Stripe REST API on loopback that the real `stripe` SDK talks to: customers,
 * Checkout and billing-portal sessions, subscriptions, invoices and billing meter events, with
 * Stripe's form encoding, object and error shapes, idempotency keys, and signed webhooks.
 */
export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const nowMs = options.now ?? Date.now;
  let origin = '';
  const state = new FakeStripeState(
    () => Math.floor(nowMs() / 1000),
    () => origin,
    options.prices,
  );
  let webhookUrl = options.webhookUrl;
  let webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  const requests: FakeStripeRequest[] = [];
  const idempotent = new Map<string, { fingerprint: string; answer?: Answer }>();
  let holding = false;
  const held: (() => void)[] = [];

  /** The REST operations: method, path pattern (one captured id at most), handler. */
  const routes: [string, RegExp, (params: Record<string, FormValue>, id: string) => unknown][] = [
    ['POST', /^\/v1\/customers$/, (params) => state.createCustomer(params)],
    ['GET', /^\/v1\/customers\/([^/]+)$/, (_params, id) => state.customer(id)],
    ['POST', /^\/v1\/checkout\/sessions$/, (params) => publicSession(state.createCheckoutSession(params))],
    ['GET', /^\/v1\/checkout\/sessions\/([^/]+)$/, (_params, id) => publicSession(state.checkoutSession(id))],
    ['POST', /^\/v1\/billing_portal\/sessions$/, (params) => state.createPortalSession(params)],
    ['GET', /^\/v1\/subscriptions\/([^/]+)$/, (_params, id) => state.subscription(id)],
    ['GET', /^\/v1\/subscriptions$/, (params) => state.listSubscriptions(params)],
    ['GET', /^\/v1\/invoices$/, (params) => state.listInvoices(params)],
    ['POST', /^\/v1\/billing\/meter_events$/, (params) => state.createMeterEvent(params)],
  ];
  const route = (method: string, path: string, params: Record<string, FormValue>): Answer => {
    for (const [routeMethod, pattern, handle] of routes) {
      const match = routeMethod === method ? pattern.exec(path) : null;
      if (match) return { status: 200, body: handle(params, decodeURIComponent(match[1] ?? '')) };
    }
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). The fake Stripe does not implement it.`,
    );
  };

  const answer = (response: ServerResponse, result: Answer, record: FakeStripeRequest) => {
    record.status = result.status;
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(result.status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(8).toString('hex')}`,
      ...result.headers,
    });
    response.end(JSON.stringify(result.body));
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const record: FakeStripeRequest = {
      method,
      path: url.pathname,
      params: {},
      idempotencyKey: header(request, 'idempotency-key'),
      status: 0,
      at: nowMs(),
    };
    requests.push(record);
    const key = /^Bearer (.+)$/.exec(header(request, 'authorization') ?? '')?.[1];
    const keyOk = options.apiKey ? key === options.apiKey : /^(sk|rk)_(test|live)_\S+$/.test(key ?? '');
    if (!keyOk) {
      return answer(
        response,
        {
          status: 401,
          body: {
            error: {
              type: 'invalid_request_error',
              message: key ? 'Invalid API Key provided.' : 'You did not provide an API key.',
            },
          },
        },
        record,
      );
    }
    let result: Answer;
    try {
      record.params = parseStripeForm(method === 'GET' || method === 'DELETE' ? url.search.slice(1) : raw);
    } catch (error) {
      return answer(
        response,
        {
          status: 400,
          body: new StripeApiError(400, 'invalid_request_error', (error as Error).message).body(),
        },
        record,
      );
    }
    const idempotencyKey = method === 'POST' ? record.idempotencyKey : undefined;
    const fingerprint = `${method} ${url.pathname} ${raw}`;
    const previous = idempotencyKey ? idempotent.get(idempotencyKey) : undefined;
    if (previous) {
      if (previous.fingerprint !== fingerprint)
        result = errorAnswer(
          new StripeApiError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          ),
        );
      else if (!previous.answer)
        result = errorAnswer(
          new StripeApiError(
            409,
            'idempotency_error',
            'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): please try again later.',
            'idempotency_key_in_use',
          ),
        );
      else
        result = {
          ...previous.answer,
          headers: { ...previous.answer.headers, 'idempotent-replayed': 'true' },
        };
      return answer(response, result, record);
    }
    const entry: { fingerprint: string; answer?: Answer } = { fingerprint };
    if (idempotencyKey) idempotent.set(idempotencyKey, entry);
    try {
      result = route(method, url.pathname, record.params);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      result = errorAnswer(error);
    }
    entry.answer = result;
    if (holding && url.pathname === '/v1/billing/meter_events') {
      held.push(() => answer(response, result, record));
      return;
    }
    answer(response, result, record);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const work = url.pathname.startsWith('/v1/')
      ? handleApi(request, response, url)
      : handlePage(fake, request, response, url);
    work.catch((error: Error) => {
      if (response.headersSent || response.destroyed) return;
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'api_error', message: error.message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const deliverAll = async (events: FakeEvent[], deliver = true): Promise<Delivery[]> => {
    const deliveries: Delivery[] = [];
    if (!deliver || !webhookUrl) return deliveries;
    for (const event of events) deliveries.push(await deliverEvent(webhookUrl, event, webhookSecret));
    return deliveries;
  };

  const fake: FakeStripe = {
    apiBase: origin,
    clientOptions: () => ({ host: '127.0.0.1', port, protocol: 'http', telemetry: false }),
    get webhookSecret() {
      return webhookSecret;
    },
    setWebhook(url, secret) {
      webhookUrl = url;
      if (secret) webhookSecret = secret;
    },
    async completeCheckout(sessionId, control = {}) {
      const outcome = completeCheckout(state, sessionId);
      return { ...outcome, deliveries: await deliverAll(outcome.events, control.deliver) };
    },
    async failPayment(customerOrSubscription, control = {}) {
      const outcome = failPayment(state, customerOrSubscription);
      return { ...outcome, deliveries: await deliverAll(outcome.events, control.deliver) };
    },
    async cancelSubscription(customerOrSubscription, control = {}) {
      const outcome = cancelSubscription(state, customerOrSubscription, control.atPeriodEnd);
      return { ...outcome, deliveries: await deliverAll(outcome.events, control.deliver) };
    },
    async sendEvent(type, object, signing = {}) {
      const event = buildEvent(type, object, state.nowS());
      state.events.push(event);
      return fake.deliver(event, signing);
    },
    async deliver(event, signing = {}) {
      if (!webhookUrl) throw new Error('the fake Stripe has no webhook URL: call setWebhook first');
      return deliverEvent(webhookUrl, event, signing.secret ?? webhookSecret, signing.timestamp);
    },
    signedPayload: (payload, signing = {}) =>
      signPayload(payload, signing.secret ?? webhookSecret, signing.timestamp),
    holdMeterEvents() {
      holding = true;
    },
    release() {
      holding = false;
      for (const send of held.splice(0)) send();
    },
    heldCount: () => held.length,
    meterEvents: () =>
      [...state.meter.values()].filter((record) => record.accepted > 0 || record.duplicatesRejected > 0),
    requests,
    events: () => [...state.events],
    state,
    async close() {
      fake.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** A session as the API shows it (without the fake's own bookkeeping). */
function publicSession(session: StripeObject): StripeObject {
  const { line_items_requested: _items, subscription_metadata: _metadata, ...shown } = session;
  return shown as StripeObject;
}

function errorAnswer(error: StripeApiError): Answer {
  return {
    status: error.status,
    body: error.body(),
    // Stripe marks requests whose retry cannot succeed; the SDK then does not retry them.
    headers: error.status === 409 ? {} : { 'stripe-should-retry': 'false' },
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

export type { FakeStripe, FakeStripeOptions, FakeStripeRequest } from './fake-stripe-api.ts';
