import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `path` (mode 0600) so that readers see the old file or the new one, never a
 * mix: a private temp file beside it, flushed, renamed over it, and the directory flushed so
 * the rename survives a crash. For key files, whose half-written state would lose data.
 */
export async function replacePrivateFile(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  await writeFile(temp, text, { flag: 'wx', mode: 0o600, flush: true });
  try {
    await renameDurably(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Renames `from` over `to` (same directory) and flushes the directory, so the rename survives a crash. */
export async function renameDurably(from: string, to: string): Promise<void> {
  await rename(from, to);
  await flushDirectory(dirname(to));
}

/** Creates `path` (mode 0600) with `text`; fails with EEXIST rather than replace anything. */
export async function createPrivateFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { flag: 'wx', mode: 0o600, flush: true });
  await flushDirectory(dirname(path));
}

/** Whether `path` exists (a symlink counts: it is never followed, and never ignored). */
export async function fileExists(path: string): Promise<boolean> {
  try {
    const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    await handle.close();
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'ELOOP') return true;
    throw error;
  }
}

async function flushDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for fsync; its renames are durable enough for us there.
  if (process.platform === 'win32') return;
  const handle = await open(directory, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
