import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkVapidHeader, type VapidCheck } from './vapid-token.ts';
import { createSubscriptionKeys, decryptPushPayload, type TestSubscriptionKeys } from './web-push-crypto.ts';

/** One request the fake push service received, valid or not. */
export interface PushDelivery {
  /** The full endpoint URL it was posted to. */
  endpoint: string;
  /** The VAPID check of its `Authorization` header. */
  vapid: VapidCheck;
  /** `TTL`, `Urgency`, `Topic` and `Content-Encoding` as sent. */
  ttl: number;
  urgency: string | undefined;
  contentEncoding: string | undefined;
  /** The encrypted body. */
  body: Buffer;
  /** The status the fake answered. */
  status: number;
  /** The plaintext, decrypted with the subscription's keys (throws for an endpoint the fake did not make). */
  decrypt(): Buffer;
  /** The plaintext parsed as JSON. */
  json<T = unknown>(): T;
}

/** A subscription whose endpoint is the fake, as `PushSubscription.toJSON()` shows it. */
export interface FakeSubscription {
  subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  /** The browser's half: only the test holds the private key. */
  keys: TestSubscriptionKeys;
}

export interface FakePushService extends AsyncDisposable {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** A new device: an endpoint on this service and fresh keys. */
  subscribe(): FakeSubscription;
  /** Every request so far, oldest first. */
  deliveries(): PushDelivery[];
  /** Resolves with the first delivery (past or future) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (delivery: PushDelivery) => boolean, timeoutMs?: number): Promise<PushDelivery>;
  /** Answers the next `times` requests to `endpoint` with `status` (e.g. 429, 500), then 201 again. */
  answer(endpoint: string, status: number, times?: number): void;
  /** The endpoint is gone from now on: answered 410, as a push service does after unsubscribe. */
  expire(endpoint: string): void;
  close(): Promise<void>;
}

export interface FakePushOptions {
  /** When set, a request signed with another VAPID key is refused (403), as real services do. */
  vapidPublicKey?: string;
  /** Port (default: any free one); always loopback. */
  port?: number;
}

/**
 * A Web Push service on loopback (RFC 8030 delivery, RFC 8292 VAPID): accepts `POST /push/<id>`,
 * checks the VAPID JWT's signature, audience and expiry (401 when wrong), keeps every message,
 * and decrypts them with the keys of the subscriptions it made. Browsers' own push services are
 * unreachable from tests; a subscription pointing here stands in for one.
 */
export async function startFakePushService(options: FakePushOptions = {}): Promise<FakePushService> {
  const keysByEndpoint = new Map<string, TestSubscriptionKeys>();
  const scripted = new Map<string, number[]>();
  const gone = new Set<string>();
  const deliveries: PushDelivery[] = [];
  const waiters = new Set<() => void>();

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const endpoint = `${origin}${request.url ?? '/'}`;
    if (request.method !== 'POST' || !request.url?.startsWith('/push/')) {
      response.writeHead(404).end();
      return;
    }
    const vapid = checkVapidHeader(request.headers.authorization, origin);
    const status = !vapid.valid
      ? 401
      : options.vapidPublicKey && vapid.publicKey !== options.vapidPublicKey
        ? 403
        : gone.has(endpoint) || !keysByEndpoint.has(endpoint)
          ? 410
          : (scripted.get(endpoint)?.shift() ?? 201);
    const delivery: PushDelivery = {
      endpoint,
      vapid,
      ttl: Number(request.headers.ttl),
      urgency: header(request, 'urgency'),
      contentEncoding: header(request, 'content-encoding'),
      body,
      status,
      decrypt() {
        const keys = keysByEndpoint.get(endpoint);
        if (!keys) throw new Error(`the fake push service did not make ${endpoint}`);
        return decryptPushPayload(body, keys);
      },
      json<T>() {
        return JSON.parse(this.decrypt().toString('utf8')) as T;
      },
    };
    deliveries.push(delivery);
    for (const wake of waiters) wake();
    response.writeHead(
      status,
      status === 201 ? { location: `${endpoint}/message/${deliveries.length}` } : {},
    );
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const service: FakePushService = {
    url: origin,
    subscribe() {
      const keys = createSubscriptionKeys();
      const endpoint = `${origin}/push/${randomBytes(12).toString('base64url')}`;
      keysByEndpoint.set(endpoint, keys);
      return {
        subscription: { endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } },
        keys,
      };
    },
    deliveries: () => [...deliveries],
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = deliveries.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no matching push message within ${timeoutMs} ms (${deliveries.length} received)`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    answer(endpoint, status, times = 1) {
      scripted.set(endpoint, [...(scripted.get(endpoint) ?? []), ...Array<number>(times).fill(status)]);
    },
    expire(endpoint) {
      gone.add(endpoint);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    [Symbol.asyncDispose]() {
      return service.close();
    },
  };
  return service;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
