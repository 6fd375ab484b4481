/**
 * Optional passphrase encryption of a backup archive: AES-256-GCM under a key derived with
 * scrypt. Layout: `LIFEOSAI-BACKUP-ENC1\n` (21 bytes), scrypt log2(N) (1 byte), salt (16), IV
 * (12), the encrypted .tar.gz, the GCM tag (16). One GCM message holds up to 64 GiB.
 */
import {
  type CipherGCM,
  createCipheriv,
  createDecipheriv,
  type DecipherGCM,
  randomBytes,
  scrypt,
} from 'node:crypto';
import { open, readFile } from 'node:fs/promises';

const MAGIC = Buffer.from('LIFEOSAI-BACKUP-ENC1\n');
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1 + SALT_BYTES + IV_BYTES;
/** scrypt N = 2^17, r = 8: 128 MiB and a fraction of a second per derivation, as OWASP suggests. */
const COST_LOG2 = 17;

/** Reads a passphrase file (one line; the trailing newline is not part of it). */
export async function readPassphraseFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the passphrase file ${path}: ${(error as Error).message}`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase.length < 12) {
    throw new Error(`The passphrase in ${path} is shorter than 12 characters; use a longer one.`);
  }
  return passphrase;
}

/** Restore reads an archive twice (verify, then unpack): the key is derived once. */
const derived = new Map<string, Promise<Buffer>>();

function deriveKey(passphrase: string, salt: Buffer, costLog2: number): Promise<Buffer> {
  const cacheKey = `${costLog2}:${salt.toString('hex')}:${passphrase}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = scryptKey(passphrase, salt, costLog2);
    derived.set(cacheKey, key);
  }
  return key;
}

function scryptKey(passphrase: string, salt: Buffer, costLog2: number): Promise<Buffer> {
  const N = 2 ** costLog2;
  return new Promise((resolve, reject) =>
    scrypt(passphrase, salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** A cipher stream and the header to write before its output; append `cipher.getAuthTag()` after it ends. */
export async function encryptionStream(passphrase: string): Promise<{ header: Buffer; cipher: CipherGCM }> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = await deriveKey(passphrase, salt, COST_LOG2);
  const header = Buffer.concat([MAGIC, Buffer.from([COST_LOG2]), salt, iv]);
  return { header, cipher: createCipheriv('aes-256-gcm', key, iv) };
}

/** Whether the archive at `path` is passphrase-encrypted (starts with the magic line). */
export async function isEncryptedArchive(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(start, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && start.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

/**
 * How to read an encrypted archive: the byte range of its ciphertext and a decipher that fails
 * at its end (`final`) unless the passphrase is right and no byte was changed.
 */
export async function decryptionStream(
  path: string,
  passphrase: string,
): Promise<{ start: number; end: number; decipher: DecipherGCM }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size < HEADER_BYTES + TAG_BYTES) throw new Error('the encrypted archive is truncated');
    const header = Buffer.alloc(HEADER_BYTES);
    await handle.read(header, 0, HEADER_BYTES, 0);
    const costLog2 = header[MAGIC.length]!;
    if (costLog2 < 14 || costLog2 > 20) throw new Error('the encrypted archive has a damaged header');
    const salt = header.subarray(MAGIC.length + 1, MAGIC.length + 1 + SALT_BYTES);
    const iv = header.subarray(MAGIC.length + 1 + SALT_BYTES);
    const tag = Buffer.alloc(TAG_BYTES);
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, salt, costLog2), iv);
    decipher.setAuthTag(tag);
    return { start: HEADER_BYTES, end: size - TAG_BYTES - 1, decipher };
  } finally {
    await handle.close();
  }
}
