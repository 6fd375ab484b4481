import { connectionTokenAad, type SecretCipher } from '@lifeosai/secrets';

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
