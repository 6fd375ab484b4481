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
 * when it passes the limit. `contentTypes` narrows the media types taken (any other is `415
 * UNSUPPORTED_MEDIA_TYPE` before a byte is read); default all. Call on the proxy's own
 * encapsulated scope only.
 */
export function passBodiesThrough(
  scope: FastifyInstance,
  maxBytes: number,
  contentTypes: string | string[] = '*',
): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(contentTypes, (request, payload, done) => {
    if (Number(request.headers['content-length']) > maxBytes) {
      done(bodyTooLarge(maxBytes), undefined);
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
