import { gunzipSync } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { ArchiveFileCollector, type ArchiveFiles } from './archive-files.ts';
import { invalidPlugin } from './invalid.ts';
import type { ArchiveLimits } from './limits.ts';

/** Entry types that are plain files; folders are implied by paths; anything else is refused. */
const fileTypes = new Set(['File', 'OldFile', 'ContiguousFile']);

/**
 * The files of a gzip'd tar, read in memory. Refuses links, devices, FIFOs and every other
 * non-file entry, unsafe paths, and archives past the limits. The gzip stream is bounded
 * before tar parsing starts, so a decompression bomb stops at the cap.
 */
export async function readTgz(archive: Uint8Array, limits: ArchiveLimits): Promise<ArchiveFiles> {
  let tarBytes: Buffer;
  try {
    // Headers and padding: at most 1.5 KiB per file beyond its bytes, plus the end blocks.
    tarBytes = gunzipSync(archive, {
      maxOutputLength: limits.maxTotalBytes + limits.maxFiles * 1536 + 65_536,
    });
  } catch (error) {
    if (error instanceof RangeError)
      throw invalidPlugin(`it unpacks to more than ${limits.maxTotalBytes} bytes`);
    throw invalidPlugin('the .tgz is not valid gzip');
  }
  // Loaded with the first plugin installed, not at start (ADR 0026).
  const { Parser } = await import('tar');
  const collector = new ArchiveFileCollector(limits);
  let failure: unknown;
  const parser = new Parser({
    strict: true,
    // Long names come in pax headers; a huge one is an attack, not a path.
    maxMetaEntrySize: 64 * 1024,
    onReadEntry: (entry: ReadEntry) => {
      const fail = (error: unknown) => {
        failure ??= error;
      };
      try {
        collectEntry(entry, collector, fail);
      } catch (error) {
        fail(error);
        entry.resume();
      }
    },
  });
  await new Promise<void>((resolve) => {
    parser.on('error', (error: unknown) => {
      failure ??= invalidPlugin(
        `the tar is damaged (${error instanceof Error ? error.message : 'unreadable'})`,
      );
      resolve();
    });
    parser.on('close', () => resolve());
    parser.end(tarBytes);
  });
  if (failure) throw failure;
  return collector.files;
}

function collectEntry(
  entry: ReadEntry,
  collector: ArchiveFileCollector,
  fail: (error: unknown) => void,
): void {
  if (entry.type === 'Directory') {
    collector.admit(entry.path, 0, false);
    entry.resume();
    return;
  }
  if (!fileTypes.has(entry.type)) {
    throw invalidPlugin(
      `${JSON.stringify(entry.path)} is a ${entry.type}; only files and folders are allowed`,
    );
  }
  const path = collector.admit(entry.path, entry.size ?? 0);
  const chunks: Buffer[] = [];
  entry.on('data', (chunk: Buffer) => chunks.push(chunk));
  entry.on('end', () => {
    try {
      collector.add(path, new Uint8Array(Buffer.concat(chunks)));
    } catch (error) {
      fail(error);
    }
  });
}
