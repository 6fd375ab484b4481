import {
  type InternalTokenSubject,
  internalTokenAudience,
  internalTokenClaims,
  internalTokenIssuer,
  internalTokenLifetimeSeconds,
} from '@lifeosai/identity';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from 'jose';

/** Mints the short-lived identity tokens the gateway attaches to every proxied Agent API request. */
export interface InternalTokens {
  /** The public half, served at `GET /internal/jwks`. */
  jwks: JSONWebKeySet;
  /**
   * A token for `identity`, valid `lifetimeSeconds` (60). The same token is reused for the same
   * user, organization, role, proof (`via`) and name while it has more than half its life left.
   */
  tokenFor(identity: InternalTokenSubject): Promise<string>;
}

/** A fresh Ed25519 private JWK (for tests, and for local mode's generated key file). */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return exportJWK(privateKey);
}

export async function createInternalTokens(
  signingKey: JWK,
  options: { lifetimeSeconds?: number; now?: () => number } = {},
): Promise<InternalTokens> {
  if (signingKey.kty !== 'OKP' || signingKey.crv !== 'Ed25519' || !signingKey.d || !signingKey.x) {
    throw new TypeError(
      'The internal signing key must be an Ed25519 private JWK ({kty:"OKP",crv:"Ed25519",x,d}).',
    );
  }
  const lifetime = options.lifetimeSeconds ?? internalTokenLifetimeSeconds;
  const now = options.now ?? Date.now;
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: signingKey.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = await importJWK({ ...signingKey, alg: 'EdDSA' }, 'EdDSA');
  const cache = new Map<string, { token: string; expiresAt: number }>();

  return {
    jwks: { keys: [{ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }] },
    async tokenFor(identity) {
      const key = `${identity.userId}\n${identity.orgId}\n${identity.role}\n${identity.via}\n${identity.name}`;
      const nowSeconds = Math.floor(now() / 1000);
      const cached = cache.get(key);
      if (cached && cached.expiresAt - nowSeconds > lifetime / 2) return cached.token;
      const expiresAt = nowSeconds + lifetime;
      const token = await new SignJWT(internalTokenClaims(identity))
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
        .setSubject(identity.userId)
        .setIssuer(internalTokenIssuer)
        .setAudience(internalTokenAudience)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(expiresAt)
        .sign(privateKey);
      // Bounded: expired entries go first; the map never grows past the active identities.
      if (cache.size >= 10_000) {
        for (const [staleKey, entry] of cache) if (entry.expiresAt <= nowSeconds) cache.delete(staleKey);
        if (cache.size >= 10_000) cache.clear();
      }
      cache.set(key, { token, expiresAt });
      return token;
    },
  };
}
