import { PlatformError } from '@lifeosai/errors';
import type { FastifyRequest } from 'fastify';
import type { AuthCaller } from './auth-api.ts';

/**
 * The caller as better-auth needs it for a change: a signed-in session. Changes to
 * organizations and API keys are refused to API keys, so a leaked key cannot mint more keys or
 * invite accomplices.
 */
export function sessionCaller(request: FastifyRequest): AuthCaller {
  const cookie = request.headers.cookie;
  if (request.caller.via !== 'session' || !cookie) {
    throw new PlatformError(
      'SESSION_REQUIRED',
      'Changing organizations and API keys needs a signed-in session (cookie); an API key cannot do it.',
    );
  }
  return { cookie, clientIp: request.clientIp, requestId: String(request.id) };
}
