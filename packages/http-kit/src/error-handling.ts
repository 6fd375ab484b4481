import { isPlatformError, PlatformError } from '@lifeosai/errors';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';

/**
 * Every failure becomes the contract's `{"error":{"code","message"}}`: PlatformErrors with their
 * status, schema failures as 400 naming the field, Fastify's and its plugins' own 4xx (bad JSON,
 * body too large, bad multipart) with an UPPER_SNAKE code, proxy failures as 502/504, anything
 * else a 500 whose details stay in the log.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (isPlatformError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.status).send(error.toBody());
    }
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const field = issue?.path.join('.') || 'body';
      const body = new PlatformError('INVALID_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`, {
        status: 400,
      });
      return reply.status(400).send(body.toBody());
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = upperSnake((error as FastifyError).code) || 'BAD_REQUEST';
      return reply.status(status).send(new PlatformError(code, error.message, { status }).toBody());
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
    reply.status(404).send(
      new PlatformError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`, {
        status: 404,
      }).toBody(),
    ),
  );
}

function upperSnake(code: string | undefined): string {
  return (code ?? '')
    .replace(/^FST_(ERR_)?/, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}

/** The one 404 for unknown and foreign resources alike: never reveal another org's data. */
export function notFound(kind: string, id: string): PlatformError {
  return new PlatformError('NOT_FOUND', `No ${kind} ${id} in this organization.`, { status: 404 });
}
