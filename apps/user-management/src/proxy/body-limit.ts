import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';

/** Requests whose body was cut for its size, with the answer they get. */
const cutBodies = new WeakMap<IncomingMessage, PlatformError>();

function bodyTooLarge(maxBytes: number): PlatformError {
  return new PlatformError(
    'BODY_TOO_LARGE',
    `The request body is larger than the ${maxBytes}-byte limit; send less.`,
  );
}

/**
 * Bodies of proxied routes are not parsed: the request stream goes upstream as it arrives. They
 * are limited all the same, the upstream's limit enforced here, so an oversize body is a 413 at
 * once instead of an upstream hanging up mid-request (a 502): a declared `Content-Length` over
 * `maxBytes` is refused before a byte is read, and a chunked body is counted on its way and cut
 * when it passes the limit. Either refusal closes the connection. Call on the proxy's own
 * encapsulated scope only.
 */
export function passBodiesThrough(scope: FastifyInstance, maxBytes: number): void {
  scope.removeAllContentTypeParsers();
  // A refused body is never read to its end, so its connection cannot carry another request:
  // kept alive, the next request on it would wait behind the unread rest of the body for good
  // (the fuzz test's one hang). The refusal closes it, and the client opens a fresh one.
  scope.addHook('onSend', async (request, reply, payload) => {
    if (cutBodies.has(request.raw)) void reply.header('connection', 'close');
    return payload;
  });
  scope.addContentTypeParser('*', (request, payload, done) => {
    if (Number(request.headers['content-length']) > maxBytes) {
      const error = bodyTooLarge(maxBytes);
      cutBodies.set(request.raw, error);
      done(error, undefined);
      return;
    }
    let seen = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        seen += chunk.byteLength;
        if (seen <= maxBytes) return next(null, chunk);
        const error = bodyTooLarge(maxBytes);
        cutBodies.set(request.raw, error);
        next(error);
      },
    });
    payload.on('error', (error) => counted.destroy(error));
    done(null, payload.pipe(counted));
  });
}

/** The answer for a request whose body was cut for its size by `passBodiesThrough`, if it was. */
export function bodyCutFor(request: IncomingMessage): PlatformError | undefined {
  return cutBodies.get(request);
}
