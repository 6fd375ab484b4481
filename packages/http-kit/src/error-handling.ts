import { type ErrorCode, isPlatformError, PlatformError } from '@lifeosai/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { toContractError } from './contract-error.ts';
import { installRequestGuards } from './request-guards.ts';

/**
 * Every failure becomes the contract's `{"error":{"code","message"}}`: PlatformErrors with their
 * status, schema failures as 400 naming the field, Fastify's and its plugins' own 4xx (bad JSON,
 * body too large, bad multipart) with an UPPER_SNAKE code, proxy failures as 502/504, anything
 * else a 500 whose details stay in the log. Unknown routes are 404s in the same shape, and so is
 * any other error answer a route sends as text or JSON of its own (better-auth's, say). Also
 * installs the shared request guards (malformed %-escapes, NUL characters) and reads
 * `application/merge-patch+json` bodies as JSON. Call it right after
 * `Fastify({...contractServerOptions, …})`, before other hooks and routes.
 */
export function installErrorHandling(app: FastifyInstance): void {
  installRequestGuards(app);
  // PATCH bodies are JSON merge patches; clients may say so with RFC 7396's media type.
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (isPlatformError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      if (error.status === 413) lingerAfterRefusal(request, reply);
      return reply.status(error.status).send(error.toBody());
    }
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const field = issue?.path.join('.') || 'body';
      const body = new PlatformError('INVALID_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`);
      return reply.status(400).send(body.toBody());
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const known = frameworkError(error as FastifyError, request);
      // A plugin's own code (multipart's, say) is passed on as it is, in UPPER_SNAKE.
      const relayed = upperSnake((error as FastifyError).code);
      if (status === 413) lingerAfterRefusal(request, reply);
      const body = known
        ? new PlatformError(known.code, known.message, { status })
        : relayed
          ? PlatformError.relayed(relayed, error.message, status)
          : new PlatformError('BAD_REQUEST', error.message, { status });
      return reply.status(status).send(body.toBody());
    }
    if (status === 502 || status === 503 || status === 504) {
      request.log.warn({ err: error }, 'upstream failed');
      return reply
        .status(status)
        .send(
          new PlatformError(
            status === 504 ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
            'A platform service behind the gateway did not answer; retry shortly.',
            { status },
          ).toBody(),
        );
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send(
        new PlatformError(
          'INTERNAL',
          'Something went wrong on our side; retry, and report it if it persists.',
        ).toBody(),
      );
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(
        new PlatformError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`).toBody(),
      ),
  );
  // Error answers a route wrote itself (text, or JSON of another shape): reshaped, not streamed ones.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (
      reply.statusCode < 400 ||
      !(typeof payload === 'string' || Buffer.isBuffer(payload) || payload == null)
    ) {
      return payload;
    }
    const text = payload == null ? '' : String(payload);
    const shaped = toContractError(reply.statusCode, text);
    if (!shaped) return payload;
    reply.header('content-type', 'application/json; charset=utf-8');
    reply.removeHeader('content-length');
    return JSON.stringify(shaped);
  });
}

/** How long a refused body may still arrive (and be dropped) before its connection is cut (ms). */
const LINGER_MS = 2_000;

/**
 * A body refused for its size is still arriving when the 413 goes out. Closing at once (what
 * Fastify does) makes the kernel reset the connection over the unread bytes, and the client —
 * a browser, the web app's proxy — may lose the 413 and see a dead connection instead. So the
 * rest is read and dropped, and the connection cut only if it is still coming after a moment.
 */
function lingerAfterRefusal(request: FastifyRequest, reply: FastifyReply): void {
  reply.removeHeader('connection');
  reply.raw.once('finish', () => {
    if (request.raw.complete) return;
    const timer = setTimeout(() => request.raw.socket?.destroy(), LINGER_MS);
    timer.unref();
    request.raw.once('end', () => clearTimeout(timer));
    request.raw.resume();
  });
}

/** Fastify's own request errors that deserve a code and a message a person can act on. */
function frameworkError(
  error: FastifyError,
  request: FastifyRequest,
): { code: ErrorCode; message: string } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit;
      return {
        code: 'BODY_TOO_LARGE',
        message: `The request body is larger than the ${limit ? `${limit}-byte ` : ''}limit; send less.`,
      };
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `This route does not take ${request.headers['content-type'] ?? 'that content type'}; send application/json.`,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'INVALID_JSON', message: 'The body is empty but says it is JSON; send a JSON object.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'INVALID_JSON', message: `${error.message}; send a complete JSON object.` };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        code: 'INVALID_CONTENT_LENGTH',
        message: 'The body is not as long as its Content-Length says.',
      };
    default:
      return error instanceof SyntaxError
        ? { code: 'INVALID_JSON', message: `The body is not valid JSON (${error.message}); fix it.` }
        : undefined;
  }
}

function upperSnake(code: string | undefined): string {
  return (code ?? '')
    .replace(/^FST_(ERR_)?/, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}
