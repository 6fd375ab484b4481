import type { FastifyReply, FastifyRequest } from 'fastify';
import { LogController } from 'fastify';

// One-time credentials that travel in URLs: email verification, password reset, OAuth callbacks.
const SENSITIVE_QUERY = /^(token|code|state|key|api_?key|secret|password|id_token|access_token)$/i;
const SENSITIVE_PATH = /(\/reset-password\/)[^/?]+/;

/** `url` with one-time tokens replaced, as it may appear in a log line. */
export function redactUrl(url: string): string {
  const [path = '', query] = url.split(/\?(.*)/s);
  const safePath = path.replace(SENSITIVE_PATH, '$1[REDACTED]');
  if (query === undefined) return safePath;
  const safeQuery = query
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0] ?? '';
      return SENSITIVE_QUERY.test(decodeURIComponentSafe(name)) ? `${name}=[REDACTED]` : pair;
    })
    .join('&');
  return `${safePath}?${safeQuery}`;
}

/**
 * Fastify's per-request log lines, with URLs redacted (the gateway forwards auth links that
 * carry one-time tokens) and without request headers. A request is routine: its lines are
 * `debug` (set `LOG_LEVEL=debug` to see them), so the terminal shows what happened to runs,
 * not every poll; an answer of 500 or more is a `warn`, a request that errored an `error`.
 */
export class RedactingLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug(
      { method: request.method, url: redactUrl(request.url), ip: request.ip },
      'incoming request',
    );
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const fields = {
      method: request.method,
      url: redactUrl(request.url),
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else if (reply.statusCode >= 500) reply.log.warn(fields, 'request completed');
    else reply.log.debug(fields, 'request completed');
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ url: redactUrl(request.url), err: error }, error.message);
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
