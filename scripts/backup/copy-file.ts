import { createHash } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file's size and hex SHA-256, as copied. */
export interface CopiedFile {
  size: number;
  sha256: string;
  /** Permission bits of the source. */
  mode: number;
}

/** A pass-through stream that counts and hashes what flows through it. */
export function hashingStream(): Transform & { result(): { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.byteLength;
      done(null, chunk);
    },
  });
  return Object.assign(stream, { result: () => ({ size, sha256: hash.digest('hex') }) });
}

/** The size and SHA-256 of a file on disk. */
export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const meter = hashingStream();
  await pipeline(createReadStream(path), meter, async (source) => {
    for await (const _chunk of source);
  });
  return meter.result();
}

/**
 * Copies `source` to `target` (created 0600, never over an existing file) through one open file
 * descriptor, hashing what it copies. A file replaced by a rename meanwhile is copied whole, as
 * it was when opened. Symlinks are refused (`ELOOP`), never followed. `ENOENT` when it is gone.
 */
export async function copyHashed(source: string, target: string): Promise<CopiedFile & { changed: boolean }> {
  const handle = await open(source, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const before = await handle.stat();
    if (!before.isFile())
      throw Object.assign(new Error(`${source} is not a regular file`), { code: 'ENOTFILE' });
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const meter = hashingStream();
    await pipeline(
      handle.createReadStream({ autoClose: false, start: 0 }),
      meter,
      createWriteStream(target, { flags: 'wx', mode: 0o600 }),
    );
    const after = await handle.stat();
    // Written in place while it was read (agents' workspaces are): the copy may mix two versions.
    const changed = after.mtimeMs !== before.mtimeMs || after.size !== before.size;
    return { ...meter.result(), mode: before.mode & 0o777, changed };
  } finally {
    await handle.close();
  }
}

/**
 * `copyHashed`, again (up to three times) while the file changes under it; the last copy is kept
 * and reported `changed` when it never held still.
 */
export async function copySettled(
  source: string,
  target: string,
): Promise<CopiedFile & { changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const copied = await copyHashed(source, target);
    if (!copied.changed || attempt === 3) return copied;
    await rm(target, { force: true });
  }
}
