/** Caps on what an archive may hold; an archive past any of them is refused whole. */
export interface ArchiveLimits {
  /** Entries that are files (folders do not count). */
  maxFiles: number;
  /** Bytes of one file once unpacked. */
  maxFileBytes: number;
  /** Bytes of all files together once unpacked (also bounds the gzip stream, against bombs). */
  maxTotalBytes: number;
}

/** Generous for skills, instructions and a small MCP server; far below what harms a host. */
export const defaultArchiveLimits: ArchiveLimits = {
  maxFiles: 2_000,
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
};
