import { isPlatformError, PlatformError } from '@lifeosai/errors';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';

/**
 * Our own routes answer failures as `{"error":{"code","message"}}`: PlatformErrors with their
 * status, schema failures as 400 naming the field, Fastify's own 4xx with an UPPER_SNAKE code,
 * anything else a 500 whose details stay in the log. (better-auth's routes keep better-auth's
 * error bodies, which its client understands.)
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (isPlatformError(error)) return reply.status(error.status).send(error.toBody());
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const field = issue?.path.join('.') || 'request';
      return reply.status(400).send(
        new PlatformError('INVALID_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`, {
          status: 400,
        }).toBody(),
      );
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = (error as FastifyError).code?.replace(/^FST_ERR_/, '') || 'BAD_REQUEST';
      return reply.status(status).send(new PlatformError(code, error.message, { status }).toBody());
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
