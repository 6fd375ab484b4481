import { PlatformError } from '@lifeosai/errors';

/** The one 404 for unknown and foreign resources alike: never reveal another org's data. */
export function notFound(kind: string, id: string): PlatformError {
  return new PlatformError('NOT_FOUND', `No ${kind} ${JSON.stringify(id)} in this organization.`, {
    status: 404,
  });
}

export function unauthenticated(message?: string): PlatformError {
  return new PlatformError(
    'UNAUTHENTICATED',
    message ?? 'Sign in (session cookie) or send `Authorization: Bearer <api key>`.',
    { status: 401 },
  );
}

export function forbidden(message: string): PlatformError {
  return new PlatformError('FORBIDDEN', message, { status: 403 });
}

export function badRequest(message: string, code = 'INVALID_REQUEST'): PlatformError {
  return new PlatformError(code, message, { status: 400 });
}
