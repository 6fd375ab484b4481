import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformError } from '@lifeosai/errors';
import type { JWK } from 'jose';
import { z } from 'zod';
import { generateSigningKey } from './internal-tokens.ts';

/** Cloud mode's (and any mode's override) internal signing key: an Ed25519 private JWK as JSON. */
export const SIGNING_KEY_ENV = 'LIFEOSAI_INTERNAL_SIGNING_KEY';
/** The key file's name inside `$LIFEOSAI_HOME` (local mode). */
export const SIGNING_KEY_FILE = 'internal-signing-key.json';

const privateJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1),
  d: z.string().min(1),
});

/**
 * The key that signs internal identity tokens. `LIFEOSAI_INTERNAL_SIGNING_KEY` wins; otherwise
 * local mode keeps one in `$LIFEOSAI_HOME/internal-signing-key.json` (mode 0600, created on
 * first start) and cloud mode refuses to start: every gateway instance must sign with the same
 * key, or the Agent API would reject tokens from all but one.
 */
export async function loadSigningKey(options: {
  mode: 'local' | 'cloud';
  home: string;
  env: Record<string, string | undefined>;
}): Promise<JWK> {
  const fromEnv = options.env[SIGNING_KEY_ENV];
  if (fromEnv?.trim()) return parseKey(fromEnv, SIGNING_KEY_ENV);
  if (options.mode === 'cloud') {
    throw new PlatformError(
      'SIGNING_KEY_MISSING',
      `${SIGNING_KEY_ENV} is not set. In cloud mode every gateway instance needs the same Ed25519 private JWK ` +
        '(generate one with `node -e "…exportJWK…"` or copy a local install\'s internal-signing-key.json).',
    );
  }
  const path = join(options.home, SIGNING_KEY_FILE);
  return (await readSigningKeyFile(path)) ?? (await createKeyFile(options.home, path));
}

function parseKey(text: string, source: string): JWK {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = privateJwkSchema.safeParse(value);
  if (!parsed.success) {
    // The text itself is never echoed: it is a private key.
    throw new PlatformError(
      'SIGNING_KEY_INVALID',
      `${source} must be an Ed25519 private JWK as JSON: {"kty":"OKP","crv":"Ed25519","x":"…","d":"…"}.`,
    );
  }
  return parsed.data;
}

/** Reads a signing key file (never through a symlink, refused if others may read it); undefined when absent. */
export async function readSigningKeyFile(path: string): Promise<JWK | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') {
      throw new PlatformError(
        'SIGNING_KEY_INSECURE',
        `${path} is a symlink; replace it with a regular file.`,
      );
    }
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
      throw new PlatformError(
        'SIGNING_KEY_INSECURE',
        `${path} is readable by other users; restrict it with \`chmod 600 ${path}\` and restart.`,
      );
    }
    return parseKey(await handle.readFile('utf8'), path);
  } finally {
    await handle.close();
  }
}

/** Written to a private temp file and hard-linked into place: complete or absent; a racing loser reads the winner's. */
async function createKeyFile(home: string, path: string): Promise<JWK> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const key = await generateSigningKey();
  const tempPath = join(home, `.${SIGNING_KEY_FILE}.${randomUUID()}.tmp`);
  await writeFile(tempPath, `${JSON.stringify(key)}\n`, { flag: 'wx', mode: 0o600, flush: true });
  try {
    await link(tempPath, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = await readSigningKeyFile(path);
    if (existing) return existing;
    throw error;
  } finally {
    await unlink(tempPath);
  }
  return key;
}
