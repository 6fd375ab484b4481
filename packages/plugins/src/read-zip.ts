import { unzipSync } from 'fflate';
import { ArchiveFileCollector, type ArchiveFiles } from './archive-files.ts';
import { invalidPlugin } from './invalid.ts';
import type { ArchiveLimits } from './limits.ts';

const endOfCentralDirectory = 0x06054b50;
const centralDirectoryEntry = 0x02014b50;
const unixFileType = 0o170000;
const unixRegularFile = 0o100000;
const unixFolder = 0o040000;

/** One file entry of the central directory, as declared. */
interface ZipEntry {
  name: string;
  /** Bytes once inflated, as declared (the inflater writes into a buffer of this size). */
  size: number;
}

/**
 * The files of a .zip, read in memory. The central directory is checked first: unix file types
 * other than files and folders (symlinks, devices, FIFOs), encryption, zip64, unsafe paths and
 * sizes past the limits are refused before anything is inflated.
 */
export function readZip(archive: Uint8Array, limits: ArchiveLimits): ArchiveFiles {
  const collector = new ArchiveFileCollector(limits);
  const declared = new Map<string, { path: string; size: number }>();
  for (const entry of centralDirectory(archive)) {
    const path = collector.admit(entry.name, entry.size);
    declared.set(entry.name, { path, size: entry.size });
  }
  let inflated: Record<string, Uint8Array>;
  try {
    inflated = unzipSync(archive, { filter: (file) => !file.name.endsWith('/') });
  } catch {
    throw invalidPlugin('the .zip is damaged');
  }
  for (const [name, bytes] of Object.entries(inflated)) {
    const entry = declared.get(name);
    if (!entry || bytes.length !== entry.size)
      throw invalidPlugin(`${JSON.stringify(name)} does not match its declared size`);
    collector.add(entry.path, bytes);
  }
  return collector.files;
}

/** The central directory's file entries (folders skipped), refusing what the zip must not hold. */
function centralDirectory(archive: Uint8Array): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw invalidPlugin('zip64 archives are not accepted');
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  for (let index = 0; index < count; index++) {
    if (offset + 46 > archive.length || view.getUint32(offset, true) !== centralDirectoryEntry) {
      throw invalidPlugin('the .zip central directory is damaged');
    }
    const madeBy = view.getUint16(offset + 4, true);
    const flags = view.getUint16(offset + 8, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const externalAttributes = view.getUint32(offset + 38, true);
    const nameBytes = archive.subarray(offset + 46, offset + 46 + nameLength);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    offset += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) throw invalidPlugin(`${JSON.stringify(name)} is encrypted`);
    if (names.has(name)) throw invalidPlugin(`${JSON.stringify(name)} appears twice`);
    names.add(name);
    const mode = madeBy >> 8 === 3 ? externalAttributes >>> 16 : 0;
    const type = mode & unixFileType;
    const isFolder = name.endsWith('/') || type === unixFolder;
    if (type !== 0 && type !== unixRegularFile && type !== unixFolder) {
      throw invalidPlugin(
        `${JSON.stringify(name)} is a link or a special file; only files and folders are allowed`,
      );
    }
    if (!isFolder) entries.push({ name, size });
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const lowest = Math.max(0, view.byteLength - 22 - 65_535);
  for (let position = view.byteLength - 22; position >= lowest; position--) {
    if (view.getUint32(position, true) === endOfCentralDirectory) return position;
  }
  throw invalidPlugin('the .zip has no central directory');
}
