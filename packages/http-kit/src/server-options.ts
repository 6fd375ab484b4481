import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, PlatformError } from '@lifeosai/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RedactingLogController } from './request-logging.ts';

/** Largest request body a service parses (bytes); file uploads have their own limit. */
export const defaultBodyLimit = 1024 * 1024;

/** How long a refused connection may still drain what its client sends before it is cut (ms). */
const DRAIN_MS = 2_000;

/**
 * Fastify answers a URL it cannot route (bad percent-encoding, an overlong parameter) itself,
 * before any hook: here those answers get the contract's shape.
 */
function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (error.statusCode ?? 400);
  const body =
    status === 414
      ? new PlatformError('URL_TOO_LONG', 'A part of the request path is too long; check the URL.', {
          status,
        })
      : status < 500
        ? new PlatformError('BAD_URL', `${error.message}; check the request path and its %-escapes.`, {
            status,
          })
        : new PlatformError(
            'INTERNAL',
            'Something went wrong on our side; retry, and report it if it persists.',
          );
  void reply.status(status).send(body.toBody());
}

/**
 * Node refuses some requests before Fastify sees them (headers too large, not HTTP at all, too
 * slow): the client still gets the contract's JSON, then the connection closes. What the
 * client is still sending is read and dropped for a moment so it can read the answer instead
 * of a reset.
 */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'HEADERS_TOO_LARGE',
          'The request headers are too large; send fewer or smaller headers and cookies.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive; send it again.']
        : [
            400,
            'BAD_REQUEST',
            `The request is not valid HTTP (${error.code ?? 'unreadable'}); check the client.`,
          ];
  // A response already under way on this connection cannot be followed by another (Node's own rule).
  const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inProgress?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(new PlatformError(code, message, { status }).toBody());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.resume();
  setTimeout(() => socket.destroy(), DRAIN_MS).unref();
}

/**
 * Constructor options every Fastify service spreads into `Fastify({...})`, so answers Fastify
 * and Node give on their own (a bad URL, oversize headers, a body over the limit) have the
 * contract's error shape too, and every service logs requests the same way (redacted URLs,
 * routine requests at `debug`). Pair with `installErrorHandling(app)`.
 */
export const contractServerOptions = {
  bodyLimit: defaultBodyLimit,
  frameworkErrors,
  clientErrorHandler,
  logController: new RedactingLogController(),
};
