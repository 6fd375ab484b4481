import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of `text`, base64url: how a `state` is stored (never the state itself) and how S256 derives a challenge. */
export function sha256Base64Url(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** 32 random bytes, base64url (43 characters): a `state` or a PKCE code verifier (RFC 7636 §4.1). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A PKCE pair: the verifier kept here, the S256 challenge sent with the authorize URL. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomToken();
  return { verifier, challenge: sha256Base64Url(verifier) };
}
