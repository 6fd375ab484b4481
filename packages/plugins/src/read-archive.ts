import type { ArchiveFiles } from './archive-files.ts';
import { invalidPlugin } from './invalid.ts';
import { type ArchiveLimits, defaultArchiveLimits } from './limits.ts';
import { readTgz } from './read-tgz.ts';
import { readZip } from './read-zip.ts';

/** Which archive the bytes are, by their magic bytes (never by a file name or content type). */
export function archiveKind(archive: Uint8Array): 'tgz' | 'zip' | null {
  if (archive[0] === 0x1f && archive[1] === 0x8b) return 'tgz';
  if (archive[0] === 0x50 && archive[1] === 0x4b && archive[2] === 0x03 && archive[3] === 0x04) return 'zip';
  return null;
}

/** Files at the bundle's root that mark where a bundle starts. */
const manifestFiles = ['lifeosai-plugin.json', '.claude-plugin/plugin.json'];

/**
 * The files of a .tgz or .zip bundle, relative to the bundle's root. npm's layout (everything
 * under `package/`) and an archive of one folder (`my-plugin/…`) are unwrapped: when no
 * manifest sits at the top and every entry shares one top folder, that folder is stripped.
 */
export async function readArchiveFiles(
  archive: Uint8Array,
  limits: ArchiveLimits = defaultArchiveLimits,
): Promise<ArchiveFiles> {
  const kind = archiveKind(archive);
  if (!kind) throw invalidPlugin('it is neither a .tgz nor a .zip');
  const files = kind === 'tgz' ? await readTgz(archive, limits) : readZip(archive, limits);
  return stripSharedTopFolder(files);
}

function stripSharedTopFolder(files: ArchiveFiles): ArchiveFiles {
  if (manifestFiles.some((path) => files.has(path))) return files;
  const tops = new Set([...files.keys()].map((path) => (path.includes('/') ? path.split('/')[0] : '')));
  const [top] = tops;
  if (tops.size !== 1 || !top) return files;
  return new Map([...files].map(([path, bytes]) => [path.slice(top.length + 1), bytes]));
}
