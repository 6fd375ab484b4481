import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { PlatformError } from '@lifeosai/errors';
import { readOrCreateSecret } from './secret-file.ts';

/** The environment variable that carries the platform's service secret (required in cloud mode). */
export const SERVICE_SECRET_ENV = 'LIFEOSAI_SERVICE_SECRET';

/** The local install's service secret file inside `$LIFEOSAI_HOME`. */
const SERVICE_SECRET_FILE = 'service-secret';

const MIN_LENGTH = 32;

/** The services that accept calls from other services; each accepts only its own token. */
export type ServiceReceiver = 'auth' | 'user-management';

export interface LoadServiceSecretOptions {
  /** `local` may create `<home>/service-secret`; `cloud` only accepts the environment variable. */
  mode: 'local' | 'cloud';
  /** `$LIFEOSAI_HOME`. */
  home: string;
  /** The process environment (injected so tests need no global state). */
  env: Record<string, string | undefined>;
}

/**
 * The one secret the platform's services share to recognise each other (never a source
 * address). `LIFEOSAI_SERVICE_SECRET` wins when set (at least 32 characters); otherwise local
 * mode keeps one in `$LIFEOSAI_HOME/service-secret` (0600, created by whichever service starts
 * first) and cloud mode refuses to start: every instance of every service needs the same one.
 * See docs/decisions/0004-service-credentials.md.
 */
export function loadServiceSecret(options: LoadServiceSecretOptions): string {
  const fromEnv = options.env[SERVICE_SECRET_ENV]?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_LENGTH) {
      // The value itself is never echoed.
      throw new PlatformError(
        'CONFIG_INVALID',
        `${SERVICE_SECRET_ENV} must be at least ${MIN_LENGTH} characters; generate one with \`openssl rand -base64 48\`.`,
      );
    }
    return fromEnv;
  }
  if (options.mode === 'cloud') {
    throw new PlatformError(
      'CONFIG_INVALID',
      `${SERVICE_SECRET_ENV} is required in cloud mode: the same value (at least ${MIN_LENGTH} random ` +
        'characters, e.g. `openssl rand -base64 48`) for every instance of auth, user-management, ' +
        'the Agent API and the web app.',
    );
  }
  return readOrCreateSecret(join(options.home, SERVICE_SECRET_FILE));
}

/**
 * The token `receiver` accepts from the other services: HMAC-SHA256 of the receiver's name
 * under the service secret (base64url). The secret itself never travels; a token seen on one
 * hop opens only that receiver.
 */
export function serviceToken(secret: string, receiver: ServiceReceiver): string {
  return createHmac('sha256', secret).update(`lifeosai-service-token:v1:${receiver}`).digest('base64url');
}
