import { createPublicKey, verify } from 'node:crypto';

/** What a push service learns from a request's VAPID `Authorization` header (RFC 8292). */
export interface VapidCheck {
  /** True when the header is `vapid t=<JWT>, k=<key>`, the JWT is signed (ES256) by `k`, meant for this origin and unexpired. */
  valid: boolean;
  /** Why not, when not valid. */
  problem?: string;
  /** The application server's public key (`k`, base64url). */
  publicKey?: string;
  /** The JWT's claims (`aud`, `exp`, `sub`). */
  claims?: { aud?: string; exp?: number; sub?: string };
}

/** Checks a VAPID header as a push service does: signature against `k`, audience, expiry (≤ 24 h ahead). */
export function checkVapidHeader(header: string | undefined, origin: string, now = Date.now()): VapidCheck {
  const match = /^vapid\s+t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/i.exec(header ?? '');
  if (!match) return { valid: false, problem: 'no `vapid t=…, k=…` Authorization header' };
  const [, token, publicKey] = match as unknown as [string, string, string];
  const [header64, payload64, signature64] = token.split('.');
  if (!header64 || !payload64 || !signature64)
    return { valid: false, problem: 'the token is not a JWT', publicKey };
  let claims: VapidCheck['claims'];
  try {
    const jwtHeader = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8')) as { alg?: string };
    if (jwtHeader.alg !== 'ES256') return { valid: false, problem: 'alg is not ES256', publicKey };
    claims = JSON.parse(Buffer.from(payload64, 'base64url').toString('utf8')) as VapidCheck['claims'];
  } catch {
    return { valid: false, problem: 'the token is not JSON', publicKey };
  }
  const point = Buffer.from(publicKey, 'base64url');
  if (point.length !== 65 || point[0] !== 4)
    return { valid: false, problem: 'k is not a P-256 point', publicKey, claims };
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header64}.${payload64}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature64, 'base64url'),
  );
  if (!signed) return { valid: false, problem: 'the signature does not match k', publicKey, claims };
  if (claims?.aud !== origin) return { valid: false, problem: `aud is not ${origin}`, publicKey, claims };
  const seconds = now / 1000;
  if (typeof claims.exp !== 'number' || claims.exp < seconds || claims.exp > seconds + 24 * 3600) {
    return { valid: false, problem: 'exp is past or more than 24 h ahead', publicKey, claims };
  }
  return { valid: true, publicKey, claims };
}
