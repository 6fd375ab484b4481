import { createECDH, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformError } from '@lifeosai/errors';

/** The environment variables that carry the VAPID key pair (cloud mode; every instance the same). */
export const VAPID_PUBLIC_KEY_ENV = 'LIFEOSAI_VAPID_PUBLIC_KEY';
export const VAPID_PRIVATE_KEY_ENV = 'LIFEOSAI_VAPID_PRIVATE_KEY';

/** The local install's key pair file inside `$LIFEOSAI_HOME` (JSON, 0600). */
const VAPID_FILE = 'vapid.json';

/** A VAPID (RFC 8292) key pair on P-256, as Web Push clients and `web-push` take it. */
export interface VapidKeys {
  /** The uncompressed public point (65 bytes), base64url: the browser's `applicationServerKey`. */
  publicKey: string;
  /** The private scalar (32 bytes), base64url. Never in a log, response or event. */
  privateKey: string;
}

export interface LoadVapidKeysOptions {
  /** `local` may create `<home>/vapid.json`; `cloud` only accepts the environment variables. */
  mode: 'local' | 'cloud';
  /** `$LIFEOSAI_HOME`. */
  home: string;
  /** The process environment (injected so tests need no global state). */
  env: Record<string, string | undefined>;
}

/**
 * The instance's VAPID keys, which sign every Web Push request (push services tie a
 * subscription to the public key it was made with: a new pair orphans every subscription).
 * `LIFEOSAI_VAPID_PUBLIC_KEY` + `LIFEOSAI_VAPID_PRIVATE_KEY` win when set (both or neither);
 * otherwise local mode keeps a pair in `$LIFEOSAI_HOME/vapid.json` (0600, generated once, like
 * `service-secret`), and cloud mode has none — undefined: push is off until they are configured
 * (a pair generated inside a container would die with it).
 */
export function loadVapidKeys(options: LoadVapidKeysOptions): VapidKeys | undefined {
  const publicKey = options.env[VAPID_PUBLIC_KEY_ENV]?.trim();
  const privateKey = options.env[VAPID_PRIVATE_KEY_ENV]?.trim();
  if (publicKey || privateKey) {
    if (!publicKey || !privateKey) {
      throw new PlatformError(
        'CONFIG_INVALID',
        `Set both ${VAPID_PUBLIC_KEY_ENV} and ${VAPID_PRIVATE_KEY_ENV} (or neither); generate a pair with \`npx web-push generate-vapid-keys\`.`,
      );
    }
    return checkedPair({ publicKey, privateKey }, 'the environment');
  }
  if (options.mode === 'cloud') return undefined;
  return readOrCreatePair(join(options.home, VAPID_FILE));
}

/** A fresh P-256 key pair in VAPID's encoding. */
export function generateVapidKeys(): VapidKeys {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x!, 'base64url'),
    Buffer.from(jwk.y!, 'base64url'),
  ]);
  return { publicKey: point.toString('base64url'), privateKey: jwk.d! };
}

function readOrCreatePair(file: string): VapidKeys {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return checkedPair(parsePairFile(readFileSync(file, 'utf8'), file), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const pair = generateVapidKeys();
  try {
    writeFileSync(file, `${JSON.stringify(pair)}\n`, { mode: 0o600, flag: 'wx', flush: true });
    return pair;
  } catch (error) {
    // Another service won the race: read its pair.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreatePair(file);
    throw error;
  }
}

function parsePairFile(text: string, file: string): VapidKeys {
  try {
    const value = JSON.parse(text) as Partial<VapidKeys>;
    return { publicKey: String(value.publicKey ?? ''), privateKey: String(value.privateKey ?? '') };
  } catch {
    throw new PlatformError(
      'CONFIG_INVALID',
      `${file} is not a VAPID key pair (JSON); delete it to get a new one.`,
    );
  }
}

/** Refuses a pair whose halves do not match (the values themselves are never echoed). */
function checkedPair(pair: VapidKeys, source: string): VapidKeys {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(pair.privateKey, 'base64url'));
    if (ecdh.getPublicKey('base64url') === pair.publicKey) return pair;
  } catch {
    // fall through to the one message
  }
  throw new PlatformError(
    'CONFIG_INVALID',
    `The VAPID key pair from ${source} is not a matching P-256 pair (base64url public and private key); generate one with \`npx web-push generate-vapid-keys\`.`,
  );
}
