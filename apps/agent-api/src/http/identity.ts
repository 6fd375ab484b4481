import { PlatformError } from '@lifeosai/errors';
import { SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import {
  type InternalTokenSubject,
  internalTokenAudience,
  internalTokenIssuer,
  internalTokenMaxAge,
  parseInternalTokenClaims,
} from '@lifeosai/identity';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';

/** Who is calling, as user-management vouches for it (the internal token's subject). */
export interface Identity extends InternalTokenSubject {
  /** Set when the caller is an agent holding its run's token (`http/run-token.ts`). */
  agent?: { agentId: string; runId: string };
}

export type IdentityVerifier = (authorization: string | undefined) => Promise<Identity>;

export type IdentityKeySource =
  /**
   * The gateway's JWKS endpoint (`/internal/jwks`, cloud and local mode), fetched with the
   * gateway's service token (`serviceToken(secret, 'user-management')`).
   */
  | { jwksUrl: string; serviceToken: string }
  /** A key set given in config (or by tests). */
  | { jwks: JSONWebKeySet };

/**
 * Verifies the short-lived internal identity token user-management attaches to every
 * proxied request (`Authorization: Bearer <jwt>`). The Agent API trusts nothing else:
 * a missing, expired, foreign or malformed token is a 401.
 */
export function createIdentityVerifier(source: IdentityKeySource): IdentityVerifier {
  const keys: JWTVerifyGetKey =
    'jwksUrl' in source
      ? createRemoteJWKSet(new URL(source.jwksUrl), {
          headers: { [SERVICE_TOKEN_HEADER]: source.serviceToken },
        })
      : createLocalJWKSet(source.jwks);
  return async (authorization) => {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthorized('This API needs an identity token; call it through the gateway (:3001).');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: internalTokenIssuer,
        audience: internalTokenAudience,
        maxTokenAge: internalTokenMaxAge,
      }));
    } catch {
      throw unauthorized('The identity token is invalid or expired; retry through the gateway.');
    }
    const subject = parseInternalTokenClaims(payload);
    if (!subject) throw unauthorized('The identity token lacks user, organization or role.');
    return subject;
  };
}

function unauthorized(message: string): PlatformError {
  return new PlatformError('UNAUTHENTICATED', message);
}
