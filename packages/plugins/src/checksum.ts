import { createHash } from 'node:crypto';

/** The archive's checksum as stored and shown: `sha256-<base64>` (the Subresource Integrity form). */
export function archiveChecksum(archive: Uint8Array): string {
  return `sha256-${createHash('sha256').update(archive).digest('base64')}`;
}

/** The hex digest of a `sha256-<base64>` checksum (a file-name-safe form); null when it is not one. */
export function checksumHex(checksum: string): string | null {
  const match = /^sha256-([A-Za-z0-9+/]{43}=)$/.exec(checksum);
  if (!match?.[1]) return null;
  return Buffer.from(match[1], 'base64').toString('hex');
}
