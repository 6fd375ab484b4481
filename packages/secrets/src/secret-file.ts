import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformError } from '@lifeosai/errors';

/**
 * A local install's random secret kept in a file: generated once (48 random bytes, base64url)
 * into a file only this user can read (0600), and read from it on every later start. A file
 * left group- or world-readable is tightened back to 0600. Several processes may race to
 * create it: the file is written with `wx`, and the loser reads the winner's.
 */
export function readOrCreateSecret(file: string): string {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 32) {
      throw new PlatformError(
        'CONFIG_INVALID',
        `${file} holds a secret shorter than 32 characters; delete it to get a new one.`,
      );
    }
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateSecret(file);
    throw error;
  }
}
