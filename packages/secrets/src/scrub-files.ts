import { randomUUID } from 'node:crypto';
import { constants, type Dirent } from 'node:fs';
import { chown, open, readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { renameDurably } from './key-files.ts';
import { leakedFormsPattern } from './leaked-forms.ts';
import { REDACTED } from './redactor.ts';

/** What a scrub did, in counts: never a value, never a file's content. */
export interface ScrubReport {
  /** Text files read. */
  filesScanned: number;
  /** Files rewritten because they held a known value. */
  filesChanged: number;
  /** Occurrences replaced by `[REDACTED]`, over all files. */
  replacements: number;
  /** Left alone: binary files (a NUL byte, or not UTF-8), symlinks, files over `maxFileBytes`. */
  skipped: { binary: number; symlinks: number; tooLarge: number };
}

export interface ScrubOptions {
  /** Folders to walk; a missing one is skipped. Symlinks are never followed. */
  roots: readonly string[];
  /** The secret values to remove (shorter than `MIN_REDACTED_LENGTH` are ignored). */
  values: readonly string[];
  /** Count only, write nothing. */
  dryRun?: boolean;
  /** Larger files are skipped and counted (default 256 MiB). */
  maxFileBytes?: number;
}

/**
 * Replaces every known secret value, in every form `leakedFormsPattern` knows, with
 * `[REDACTED]` in the text files under `roots`, in place: each changed file is rewritten
 * whole to a temp file beside it (same mode and owner) and renamed over it, so a reader sees
 * the old file or the new one. Nothing else in a file changes, so JSON lines stay JSON.
 * Whoever writes these files must be stopped first, or lines written meanwhile are lost.
 */
export async function scrubFiles(options: ScrubOptions): Promise<ScrubReport> {
  const report: ScrubReport = {
    filesScanned: 0,
    filesChanged: 0,
    replacements: 0,
    skipped: { binary: 0, symlinks: 0, tooLarge: 0 },
  };
  const pattern = leakedFormsPattern(options.values);
  const limit = options.maxFileBytes ?? 256 * 1024 * 1024;
  const visit = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isSymbolicLink()) report.skipped.symlinks += 1;
      else if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) await scrubFile(path, pattern, limit, options.dryRun ?? false, report);
    }
  };
  for (const root of options.roots) await visit(root);
  return report;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or undefined for what is not text: a NUL byte early on, or invalid UTF-8. */
function asText(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

async function scrubFile(
  path: string,
  pattern: RegExp | undefined,
  limit: number,
  dryRun: boolean,
  report: ScrubReport,
): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NOFOLLOW: a symlink swapped in since the directory was read is not followed either.
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      report.skipped.symlinks += 1;
      return;
    }
    throw error;
  }
  let bytes: Buffer;
  let stats: Awaited<ReturnType<typeof handle.stat>>;
  try {
    stats = await handle.stat();
    if (stats.size > limit) {
      report.skipped.tooLarge += 1;
      return;
    }
    bytes = await handle.readFile();
  } finally {
    await handle.close();
  }
  const text = asText(bytes);
  if (text === undefined) {
    report.skipped.binary += 1;
    return;
  }
  report.filesScanned += 1;
  if (!pattern) return;
  let found = 0;
  const scrubbed = text.replace(pattern, () => {
    found += 1;
    return REDACTED;
  });
  if (found === 0) return;
  report.filesChanged += 1;
  report.replacements += found;
  if (dryRun) return;
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.scrub`);
  try {
    await writeLike(temp, scrubbed, stats);
    await renameDurably(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Writes `text` to a new file with the permissions and (as root) the owner of `like`. */
async function writeLike(path: string, text: string, like: { mode: number; uid: number; gid: number }) {
  const handle = await open(path, 'wx', like.mode & 0o777);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.chmod(like.mode & 0o777);
    if (process.getuid?.() === 0) await chown(path, like.uid, like.gid);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
