import {
  internalTokenAudience,
  internalTokenClaims,
  internalTokenIssuer,
  internalTokenLifetimeSeconds,
} from '@lifeosai/identity';
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import type { Identity } from './identity.ts';

/**
 * Mints internal identity tokens the way user-management will, for tests (until the
 * gateway lands, and for Agent API tests after). Real Ed25519 keys, real JWTs.
 */
export interface TestTokenIssuer {
  jwks: JSONWebKeySet;
  /** `Authorization` header value for this identity. */
  authorization(identity: Identity, options?: { expiresInSeconds?: number }): Promise<string>;
}

export async function createTestTokenIssuer(): Promise<TestTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'EdDSA', use: 'sig' };
  return {
    jwks: { keys: [publicJwk] },
    async authorization(identity, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT(internalTokenClaims(identity))
        .setProtectedHeader({ alg: 'EdDSA', kid: 'test' })
        .setSubject(identity.userId)
        .setIssuer(internalTokenIssuer)
        .setAudience(internalTokenAudience)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? internalTokenLifetimeSeconds))
        .sign(privateKey);
      return `Bearer ${token}`;
    },
  };
}
