/**
 * The manifest of a backup archive (`manifest.json`, its first entry): what the archive holds,
 * each entry's size and SHA-256, and the database's schema level. Restore checks every entry
 * against it before it writes anything.
 */
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const DATABASE_ENTRY = 'lifeosai.db';

/** What an entry is: decides its mode on restore (keys and the database always 0600). */
export const entryKinds = ['database', 'key', 'config', 'file', 'agent'] as const;
export type EntryKind = (typeof entryKinds)[number];

/**
 * A path inside the archive (and inside `$LIFEOSAI_HOME` on restore): relative, `/`-separated,
 * no empty, `.` or `..` segment, no backslash or NUL — so no entry can land outside the home.
 */
const entryPath = z
  .string()
  .min(1)
  .max(4096)
  .refine(
    (path) =>
      !path.startsWith('/') &&
      !/[\\\0]/.test(path) &&
      path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    'expected a relative path without "..", "." or empty segments',
  );

const entrySchema = z.object({
  path: entryPath,
  kind: z.enum(entryKinds),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Permission bits of the original (owner bits are kept on restore; group and others never). */
  mode: z.number().int().min(0).max(0o777),
});
export type ManifestEntry = z.infer<typeof entrySchema>;

export const manifestSchema = z.object({
  format: z.literal('lifeosai-backup'),
  /** The archive layout's version; restore refuses a layout it does not know. */
  formatVersion: z.literal(1),
  createdAt: z.iso.datetime(),
  /** The platform version that wrote it (root package.json). */
  platformVersion: z.string(),
  /** Where it was taken from, for the operator's eyes only. */
  sourceHome: z.string(),
  /** Migrations applied in the database snapshot, in order: its schema level. */
  migrations: z.array(z.string()),
  entries: z.array(entrySchema),
  /** What was left out on purpose while the platform kept writing. */
  skipped: z.object({
    /** Stored files no database row names (uploads in progress, bytes of a failed delete). */
    unreferencedFiles: z.number().int().nonnegative(),
    /** Files whose row was in the snapshot but which were deleted before they could be copied: their rows were dropped from the snapshot too. */
    deletedDuringBackup: z.number().int().nonnegative(),
    /** Files overwritten after the snapshot whose old bytes were gone: their newer row and bytes are in the backup instead. */
    overwrittenDuringBackup: z.number().int().nonnegative(),
  }),
});
export type BackupManifest = z.infer<typeof manifestSchema>;
