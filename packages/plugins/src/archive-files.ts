import { safeEntryPath } from './archive-path.ts';
import { invalidPlugin } from './invalid.ts';
import type { ArchiveLimits } from './limits.ts';

/** The files of an archive by normalised path (`a/b.md`), folders implied. */
export type ArchiveFiles = Map<string, Uint8Array>;

/**
 * Collects an archive's files while enforcing the limits and refusing duplicates and paths that
 * are both a file and a folder (`a` and `a/b`), which cannot unpack unambiguously.
 */
export class ArchiveFileCollector {
  readonly files: ArchiveFiles = new Map();
  private totalBytes = 0;
  private admitted = 0;
  private readonly folders = new Set<string>();

  private readonly limits: ArchiveLimits;

  constructor(limits: ArchiveLimits) {
    this.limits = limits;
  }

  /** Checks an entry's path and declared size before its bytes are read; folders count for nothing. */
  admit(rawPath: string, size: number, isFile = true): string {
    const path = safeEntryPath(rawPath);
    if (isFile) this.admitted++;
    if (this.admitted > this.limits.maxFiles) {
      throw invalidPlugin(`it holds more than ${this.limits.maxFiles} files`);
    }
    if (size > this.limits.maxFileBytes) {
      throw invalidPlugin(`${path} is larger than ${this.limits.maxFileBytes} bytes`);
    }
    this.totalBytes += size;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      throw invalidPlugin(`its files together are larger than ${this.limits.maxTotalBytes} bytes`);
    }
    return path;
  }

  /** Records a file admitted earlier. */
  add(path: string, bytes: Uint8Array): void {
    if (this.files.has(path) || this.folders.has(path)) throw invalidPlugin(`${path} appears twice`);
    const segments = path.split('/');
    for (let index = 1; index < segments.length; index++) {
      const folder = segments.slice(0, index).join('/');
      if (this.files.has(folder)) throw invalidPlugin(`${folder} is both a file and a folder`);
      this.folders.add(folder);
    }
    this.files.set(path, bytes);
  }
}
