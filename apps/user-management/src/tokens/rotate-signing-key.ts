import { join } from 'node:path';
import { createPrivateFile, replacePrivateFile } from '@lifeosai/secrets';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import { createInternalTokens, generateSigningKey } from './internal-tokens.ts';
import { readSigningKeyFile, SIGNING_KEY_FILE } from './signing-key.ts';

/** What a signing key rotation produced: public facts only. */
export interface SigningKeyRotation {
  /** Key id (JWK thumbprint) of the key that was replaced, when there was one. */
  previousKeyId?: string;
  /** Key id of the new key. */
  keyId: string;
  /** The new public key set, as the gateway serves it at `/internal/jwks`. */
  jwks: JSONWebKeySet;
  /** True when `newKeyFile` already held a key from an earlier run, which was kept. */
  reused: boolean;
}

/**
 * Local mode: replaces `$LIFEOSAI_HOME/internal-signing-key.json` with a fresh Ed25519 key, in
 * one atomic rename (mode 0600). Nothing is encrypted with this key, so nothing is re-encrypted:
 * identity tokens live 60 seconds and the Agent API reads the new public key from the gateway
 * when the services start again. The services must be stopped: the gateway holds the old key.
 */
export async function rotateSigningKeyFile(home: string): Promise<SigningKeyRotation> {
  const path = join(home, SIGNING_KEY_FILE);
  const previous = await readSigningKeyFile(path);
  const key = await generateSigningKey();
  await replacePrivateFile(path, `${JSON.stringify(key)}\n`);
  return { ...(await describe(key, false)), ...(previous && { previousKeyId: await keyId(previous) }) };
}

/**
 * Keys from the environment (cloud mode): a fresh key written only to `file` (mode 0600, which
 * must not exist), or the key an earlier run left there; the operator then makes its content
 * `LIFEOSAI_INTERNAL_SIGNING_KEY` on every gateway instance.
 */
export async function writeNewSigningKey(file: string): Promise<SigningKeyRotation> {
  const existing = await readSigningKeyFile(file);
  if (existing) return describe(existing, true);
  const key = await generateSigningKey();
  await createPrivateFile(file, `${JSON.stringify(key)}\n`);
  return describe(key, false);
}

async function describe(key: JWK, reused: boolean): Promise<SigningKeyRotation> {
  return { keyId: await keyId(key), jwks: (await createInternalTokens(key)).jwks, reused };
}

function keyId(key: JWK): Promise<string> {
  return calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.x! });
}
