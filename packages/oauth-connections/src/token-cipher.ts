import type { SecretCipher } from '@lifeosai/secrets';

/**
 * Additional authenticated data binding an encrypted token to its row and role: a ciphertext
 * copied onto another connection, organization or column fails to decrypt.
 */
export function connectionTokenAad(orgId: string, connectionId: string, kind: 'access' | 'refresh'): string {
  return JSON.stringify(['oauth-connection', orgId, connectionId, kind]);
}

/** The AAD of a pending authorization's PKCE verifier (its row id is the state's hash). */
export function stateVerifierAad(stateHash: string): string {
  return JSON.stringify(['oauth-state', stateHash]);
}

/** Encrypts a token for its connection row. */
export function sealToken(
  cipher: SecretCipher,
  orgId: string,
  connectionId: string,
  kind: 'access' | 'refresh',
  token: string,
): string {
  return cipher.encrypt(token, connectionTokenAad(orgId, connectionId, kind));
}

/** Decrypts a token of a connection row; `SECRET_DECRYPT_FAILED` when the key or row differ. */
export function openToken(
  cipher: SecretCipher,
  orgId: string,
  connectionId: string,
  kind: 'access' | 'refresh',
  sealed: string,
): string {
  return cipher.decrypt(sealed, connectionTokenAad(orgId, connectionId, kind));
}
