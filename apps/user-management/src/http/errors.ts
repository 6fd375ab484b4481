import { type ErrorCode, PlatformError } from '@lifeosai/errors';

export function unauthenticated(message?: string): PlatformError {
  return new PlatformError(
    'UNAUTHENTICATED',
    message ?? 'Sign in (session cookie) or send `Authorization: Bearer <api key>`.',
  );
}

export function forbidden(message: string): PlatformError {
  return new PlatformError('FORBIDDEN', message);
}

export function badRequest(message: string, code: ErrorCode = 'INVALID_REQUEST'): PlatformError {
  return new PlatformError(code, message, { status: 400 });
}
