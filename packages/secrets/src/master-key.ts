import { randomBytes, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformError } from '@lifeosai/errors';
import { MASTER_KEY_BYTES } from './cipher.ts';
import { fileExists } from './key-files.ts';

/** The environment variable that carries the master key (required in cloud mode). */
export const MASTER_KEY_ENV = 'LIFEOSAI_MASTER_KEY';

/** The key file's name inside $LIFEOSAI_HOME (local mode). */
export const MASTER_KEY_FILE = 'master.key';
/** A rotation's new key, present only while the rotation is unfinished (`npm run rotate:master-key`). */
export const PENDING_MASTER_KEY_FILE = 'master.key.new';
/** The key a rotation replaces, kept until every secret is proven to decrypt with the new one. */
export const PREVIOUS_MASTER_KEY_FILE = 'master.key.old';

const GENERATE_HINT = 'generate one with `openssl rand -base64 32`';

export interface LoadMasterKeyOptions {
  /** `local` may create a key file in `home`; `cloud` only accepts the environment variable. */
  mode: 'local' | 'cloud';
  /** `$LIFEOSAI_HOME`; the key file lives at `<home>/master.key`. */
  home: string;
  /** The process environment (injected so tests need no global state). */
  env: Record<string, string | undefined>;
}

/**
 * Returns the 32-byte master key. `LIFEOSAI_MASTER_KEY` wins when set; otherwise local mode reads
 * `<home>/master.key`, creating it (mode 0600) on first start, and cloud mode fails because a key
 * generated inside a container would be lost with it, taking every stored secret along.
 */
export async function loadMasterKey(options: LoadMasterKeyOptions): Promise<Buffer> {
  const fromEnv = options.env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return parseMasterKey(fromEnv, MASTER_KEY_ENV);
  }
  if (options.mode === 'cloud') {
    throw new PlatformError(
      'MASTER_KEY_MISSING',
      `${MASTER_KEY_ENV} is not set. In cloud mode the master key must come from the environment ` +
        `(32 bytes as base64 or 64 hex characters; ${GENERATE_HINT}) and stay the same across deploys.`,
    );
  }
  if (await fileExists(join(options.home, PENDING_MASTER_KEY_FILE))) {
    // Some stored secrets may already be under the new key: starting with either key alone
    // would fail to read them, and a secret saved now would be lost at the next attempt.
    throw new PlatformError(
      'MASTER_KEY_ROTATION_INCOMPLETE',
      `A master key rotation was interrupted (${join(options.home, PENDING_MASTER_KEY_FILE)} exists); ` +
        'run `npm run rotate:master-key` again to finish it before starting LIFEOSAI.',
    );
  }
  const path = join(options.home, MASTER_KEY_FILE);
  return (await readMasterKeyFile(path)) ?? (await createKeyFile(options.home, path));
}

/** Parses a key written as 64 hex characters or base64/base64url of 32 bytes; `source` names it in errors. */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) {
    key = Buffer.from(trimmed, 'hex');
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    key = Buffer.from(trimmed, 'base64');
  }
  if (key?.byteLength !== MASTER_KEY_BYTES) {
    // The value itself is never echoed: it is (meant to be) a secret.
    throw new PlatformError(
      'MASTER_KEY_INVALID',
      `${source} must be ${MASTER_KEY_BYTES} bytes written as base64 or 64 hex characters ` +
        `(${key ? `it decodes to ${key.byteLength} bytes` : 'it is neither'}); ${GENERATE_HINT}.`,
    );
  }
  return key;
}

/** Reads a key file (never through a symlink, refused if others may read it); undefined when absent. */
export async function readMasterKeyFile(path: string): Promise<Buffer | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NOFOLLOW: a symlink planted at the key's path must not redirect where we read from.
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    if (isErrno(error, 'ELOOP')) {
      throw new PlatformError('MASTER_KEY_INSECURE', `${path} is a symlink; replace it with a regular file.`);
    }
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new PlatformError('MASTER_KEY_INSECURE', `${path} is not a regular file.`);
    }
    // Windows has no POSIX permission bits to check.
    if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
      const mode = (stats.mode & 0o777).toString(8).padStart(3, '0');
      throw new PlatformError(
        'MASTER_KEY_INSECURE',
        `${path} is readable by other users (mode ${mode}); restrict it with \`chmod 600 ${path}\` and restart.`,
      );
    }
    return parseMasterKey(await handle.readFile('utf8'), path);
  } finally {
    await handle.close();
  }
}

/**
 * Writes a fresh key to a private temp file and hard-links it into place, so the key file appears
 * complete or not at all; when two processes race, the loser reads the winner's key.
 */
async function createKeyFile(home: string, path: string): Promise<Buffer> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const key = randomBytes(MASTER_KEY_BYTES);
  const tempPath = join(home, `.${MASTER_KEY_FILE}.${randomUUID()}.tmp`);
  await writeFile(tempPath, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600, flush: true });
  try {
    await link(tempPath, path);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const existing = await readMasterKeyFile(path);
    if (existing) return existing;
    throw error;
  } finally {
    await unlink(tempPath);
  }
  return key;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
