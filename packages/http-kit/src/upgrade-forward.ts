import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  STATUS_CODES,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PlatformError } from '@lifeosai/errors';

/** Where and how `forwardUpgrade` passes an upgrade on. */
export interface UpgradeTarget {
  /** The upstream's origin (`http://127.0.0.1:4000`, or https://); the path and query are the request's own. */
  origin: string;
  /** The upstream's name in error messages and logs ("Agent API"). */
  service: string;
  /** The headers to start from (default the client's); hop-by-hop ones are dropped either way. */
  headers?: IncomingHttpHeaders;
  /** The headers the upstream gets: the client's, with these set (after `strip`). */
  set?: Record<string, string>;
  /** Client headers (lowercase names) the upstream never sees, e.g. its credentials. */
  strip?: readonly string[];
  /** How long the upstream may take to answer the upgrade, in ms (default 10 000): then a 504. */
  connectTimeoutMs?: number;
  /**
   * Contract: told once of a failure that reached no upstream answer (the upstream unreachable
   * or too slow), for the log; must not throw. Never told of the stream's bytes.
   */
  onUpstreamFailed?: (error: Error) => void;
}

/** One forwarded upgrade, from the request until both sockets are gone. */
export interface UpgradeTunnel {
  /** Settles when both sockets are closed, however the tunnel ended. Never rejects. */
  closed: Promise<void>;
  /** Ends the tunnel now (a service shutting down): both sockets destroyed. Idempotent. */
  destroy(): void;
}

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) are the connection's, not the request's: they are dropped
 * and the upgrade's own `Connection: Upgrade` + `Upgrade` set again. `Sec-WebSocket-*` are
 * end-to-end and pass: the handshake (key, version, protocols, extensions) is the upstream's.
 */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** The most of a refusal's body (a 401, a 404) read from the upstream to pass back. */
const refusalBodyLimit = 64 * 1024;

/**
 * Passes an HTTP upgrade (a WebSocket handshake) on to `target` and, once the upstream switches
 * protocols, joins the two sockets byte for byte, both directions (the bytes that came with
 * either side's head included). An upstream that answers otherwise (401, 404, …) has that answer
 * written back and the client's socket ended; an unreachable upstream is a `502
 * UPSTREAM_UNAVAILABLE`, a slow one a `504 UPSTREAM_TIMEOUT`, in the contract's JSON. Either
 * socket failing or closing ends the other: a tunnel never outlives one of its ends.
 */
export function forwardUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: UpgradeTarget,
): UpgradeTunnel {
  let upstreamSocket: Duplex | undefined;
  let finished = false;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const pendingCloses = new Set<Duplex>([socket]);
  const settleWhenGone = (side: Duplex) => {
    side.once('close', () => {
      pendingCloses.delete(side);
      if (pendingCloses.size === 0) resolveClosed();
    });
  };
  settleWhenGone(socket);
  // The server removed its own listeners at the upgrade: without ours an ECONNRESET would throw.
  socket.on('error', () => destroyBoth());

  // An https origin (a Cloud Run service's run.app address) gets TLS; loopback and compose stay plain.
  const url = new URL(request.url ?? '/', target.origin);
  const upstream = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
    method: request.method,
    headers: upstreamHeaders(target.headers ?? request.headers, target),
    agent: false,
  });
  const timer = setTimeout(() => {
    fail(
      new PlatformError('UPSTREAM_TIMEOUT', `The ${target.service} took too long to answer; retry shortly.`),
      new Error(`${target.service} did not answer the upgrade in time`),
    );
  }, target.connectTimeoutMs ?? 10_000);
  timer.unref();
  socket.once('close', () => {
    clearTimeout(timer);
    if (!upstreamSocket) upstream.destroy();
  });

  upstream.on('upgrade', (response, joined, upstreamHead) => {
    clearTimeout(timer);
    upstreamSocket = joined;
    pendingCloses.add(joined);
    settleWhenGone(joined);
    joined.on('error', () => destroyBoth());
    if (finished || socket.destroyed) {
      destroyBoth();
      return;
    }
    for (const side of [socket, joined] as Socket[]) {
      side.setTimeout?.(0);
      // Audio and keystrokes: small frames go out at once.
      side.setNoDelay?.(true);
    }
    socket.write(responseHead(response));
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) joined.write(head);
    join(socket, joined);
    join(joined, socket);
  });

  upstream.on('response', (response) => {
    clearTimeout(timer);
    finished = true;
    // The upstream connection served this one answer: closed once it is read, not kept alive.
    passRefusal(response, socket, () => upstream.destroy());
  });

  upstream.on('error', (error) => {
    fail(
      new PlatformError(
        'UPSTREAM_UNAVAILABLE',
        `The ${target.service} is not reachable; retry shortly (is it running?).`,
      ),
      error,
    );
  });
  upstream.end();

  function fail(answer: PlatformError, cause: Error): void {
    clearTimeout(timer);
    if (finished || upstreamSocket) return;
    finished = true;
    upstream.destroy();
    if (socket.destroyed) return;
    target.onUpstreamFailed?.(cause);
    refuseUpgrade(socket, answer);
  }

  function destroyBoth(): void {
    finished = true;
    clearTimeout(timer);
    upstream.destroy();
    socket.destroy();
    upstreamSocket?.destroy();
  }

  return { closed, destroy: destroyBoth };
}

/**
 * Answers an upgrade with a plain HTTP error in the contract's JSON and ends the socket (a
 * refusal before any upstream is asked: 401, 403, 404). Safe on a socket already gone.
 */
export function refuseUpgrade(socket: Duplex, error: PlatformError): void {
  if (socket.destroyed) return;
  socket.on('error', () => socket.destroy());
  const body = Buffer.from(JSON.stringify(error.toBody()));
  writeResponse(
    socket,
    error.status,
    {
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
    },
    body,
  );
}

/** The client's headers for the upstream: hop-by-hop ones and `strip` removed, `set` applied. */
function upstreamHeaders(headers: IncomingHttpHeaders, target: UpgradeTarget): IncomingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  const dropped = new Set([...hopByHop, ...named, ...(target.strip ?? [])]);
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!dropped.has(name) && value !== undefined) out[name] = value;
  }
  return { ...out, ...target.set, connection: 'Upgrade', upgrade: headers.upgrade ?? 'websocket' };
}

/** The upstream's `101 Switching Protocols` head, its header names and order as sent. */
function responseHead(response: IncomingMessage): string {
  const lines = [`HTTP/1.1 101 ${response.statusMessage || 'Switching Protocols'}`];
  for (let index = 0; index < response.rawHeaders.length; index += 2) {
    lines.push(`${response.rawHeaders[index]}: ${response.rawHeaders[index + 1]}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * An upstream that refused the upgrade (or answered without switching): its status, headers
 * and body (up to `refusalBodyLimit`) go back as a plain response, then the socket ends.
 */
function passRefusal(response: IncomingMessage, socket: Duplex, done: () => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let sent = false;
  const send = () => {
    if (sent) return;
    sent = true;
    done();
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined && !hopByHop.has(name) && name !== 'content-length') headers[name] = value;
    }
    writeResponse(socket, response.statusCode ?? 502, headers, Buffer.concat(chunks));
  };
  response.on('data', (chunk: Buffer) => {
    if (size >= refusalBodyLimit) return;
    const kept = chunk.subarray(0, refusalBodyLimit - size);
    chunks.push(kept);
    size += kept.byteLength;
  });
  response.once('end', send);
  response.once('error', send);
}

function writeResponse(
  socket: Duplex,
  status: number,
  headers: Record<string, string | string[]>,
  body: Buffer,
): void {
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`];
  for (const [name, value] of Object.entries(headers)) {
    for (const one of [value].flat()) lines.push(`${name}: ${one}`);
  }
  lines.push(`content-length: ${body.byteLength}`, 'connection: close');
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
  // A client that neither reads nor closes does not hold the socket open for ever.
  setTimeout(() => socket.destroy(), 5_000).unref();
}

/**
 * `from`'s bytes go to `to` as they come (backpressure kept); `from` ending ends `to` once its
 * writes are out, and `from` closing gives `to` a moment to flush before it is destroyed.
 */
function join(from: Duplex, to: Duplex): void {
  from.pipe(to);
  from.once('close', () => {
    if (to.destroyed) return;
    to.end();
    setTimeout(() => to.destroy(), 2_000).unref();
  });
}
