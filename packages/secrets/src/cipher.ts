import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PlatformError } from '@lifeosai/errors';

/** Bytes in an AES-256 key. */
export const MASTER_KEY_BYTES = 32;

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
// 96-bit IVs are what GCM is specified for; random IVs are safe for far more secrets than we store.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Additional authenticated data that binds a ciphertext to one stored secret, so a value copied
 * onto another org's or another name's row fails to decrypt. JSON keeps the pair unambiguous
 * (`"a", "b:c"` and `"a:b", "c"` would collide if we simply joined with a separator).
 */
export function secretAad(orgId: string, name: string): string {
  return JSON.stringify([orgId, name]);
}

/**
 * The AAD binding an OAuth connection's token to its row and role: a ciphertext copied onto
 * another connection, organization or column fails to decrypt.
 */
export function connectionTokenAad(orgId: string, connectionId: string, kind: 'access' | 'refresh'): string {
  return JSON.stringify(['oauth-connection', orgId, connectionId, kind]);
}

/** The AAD of a pending OAuth authorization's PKCE verifier (its row id is the state's hash). */
export function stateVerifierAad(stateHash: string): string {
  return JSON.stringify(['oauth-state', stateHash]);
}

/**
 * Encrypts and decrypts secret values with AES-256-GCM under the master key.
 *
 * The output is `v1.<iv>.<tag>.<ciphertext>` (base64url parts): the version prefix lets a later
 * format or key rotation coexist with values already stored.
 */
export class SecretCipher {
  readonly #key: Buffer;

  /** `key` must be exactly 32 bytes, e.g. from `loadMasterKey`. */
  constructor(key: Uint8Array) {
    if (key.byteLength !== MASTER_KEY_BYTES) {
      throw new RangeError(`SecretCipher needs a ${MASTER_KEY_BYTES}-byte key, got ${key.byteLength} bytes`);
    }
    this.#key = Buffer.from(key);
  }

  /** Encrypts `plaintext`; the same `aad` must be given to `decrypt`. */
  encrypt(plaintext: string, aad?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext].map(encodePart).join('.');
  }

  /**
   * Decrypts a value from `encrypt`. Throws `SECRET_DECRYPT_FAILED` when the key, the AAD or the
   * bytes differ from encryption time; GCM cannot tell those apart, and the message never
   * contains the value.
   */
  decrypt(encrypted: string, aad?: string): string {
    const parts = encrypted.split('.');
    const [version, ivText, tagText, ciphertextText] = parts;
    if (parts.length !== 4 || version !== VERSION || !ivText || !tagText || ciphertextText === undefined) {
      throw new PlatformError(
        'SECRET_DECRYPT_FAILED',
        `Stored secret is not in the ${VERSION} format this version understands; it may be corrupt or written by a newer LIFEOSAI.`,
      );
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) {
      throw decryptFailed();
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      const ciphertext = Buffer.from(ciphertextText, 'base64url');
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      throw decryptFailed(error);
    }
  }
}

function encodePart(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}

function decryptFailed(cause?: unknown): PlatformError {
  return new PlatformError(
    'SECRET_DECRYPT_FAILED',
    'Could not decrypt a stored secret: the master key does not match the one used to encrypt it ' +
      '(or the stored value was altered or copied from another secret). Restore the original ' +
      'LIFEOSAI_MASTER_KEY or $LIFEOSAI_HOME/master.key, or store the secret again.',
    { cause },
  );
}
