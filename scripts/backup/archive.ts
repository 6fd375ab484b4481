/**
 * The backup archive on disk: a gzip'd tar (optionally passphrase-encrypted, see
 * passphrase.ts) whose first entry is `manifest.json` and whose other entries mirror
 * `$LIFEOSAI_HOME`. Written to `<out>.partial` (mode 0600) and renamed when complete, so a
 * failed backup never leaves a file that looks whole.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { create, extract, Parser, type ReadEntry } from 'tar';
import { hashFile } from './copy-file.ts';
import { type BackupManifest, MANIFEST_FILE, type ManifestEntry, manifestSchema } from './manifest.ts';
import { decryptionStream, encryptionStream, isEncryptedArchive } from './passphrase.ts';

/** The manifest is JSON of a few hundred bytes per entry; anything past this is not ours. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Packs the staged folder described by `manifest` into `out`; returns the archive's size. */
export async function writeArchive(options: {
  stage: string;
  manifest: BackupManifest;
  out: string;
  passphrase?: string;
}): Promise<number> {
  const { stage, manifest, out } = options;
  if (existsSync(out)) throw new Error(`${out} already exists; choose another --out or move it away.`);
  await writeFile(join(stage, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  const pack = create({ gzip: true, cwd: stage, portable: true }, [
    MANIFEST_FILE,
    ...manifest.entries.map((entry) => entry.path),
  ]) as unknown as Readable;
  const partial = `${out}.partial`;
  if (existsSync(partial)) {
    throw new Error(
      `${partial} exists: a backup was interrupted there. Delete it, then run the backup again.`,
    );
  }
  const output = createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true });
  try {
    if (options.passphrase) {
      const { header, cipher } = await encryptionStream(options.passphrase);
      await pipeline(
        pack,
        async function* (source: AsyncIterable<Buffer>) {
          yield header;
          for await (const chunk of source) yield cipher.update(chunk);
          yield cipher.final();
          yield cipher.getAuthTag();
        },
        output,
      );
    } else {
      await pipeline(pack, output);
    }
    // A umask cannot loosen it, and an existing file was refused: still, say it with chmod.
    await chmod(partial, 0o600);
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return (await stat(out)).size;
}

/** The archive's bytes as a tar.gz stream: decrypted (and authenticated at its end) when encrypted. */
async function openArchive(path: string, passphrase: string | undefined): Promise<Readable> {
  if (!(await isEncryptedArchive(path))) return createReadStream(path);
  if (passphrase === undefined) {
    throw new Error('This backup is encrypted: give its passphrase with --passphrase-file <file>.');
  }
  const { start, end, decipher } = await decryptionStream(path, passphrase);
  const raw = createReadStream(path, { start, end });
  raw.once('error', (error) => decipher.destroy(error));
  return raw.pipe(decipher) as Readable;
}

/** Writes `source` into a tar parser (or unpacker) with back-pressure; resolves on `doneEvent`. */
async function feed(source: Readable, parser: Parser, doneEvent: 'end' | 'close'): Promise<void> {
  const failed = new Promise<never>((_resolve, reject) => parser.once('error', reject));
  failed.catch(() => undefined);
  const done = new Promise<void>((resolve) => parser.once(doneEvent, () => resolve()));
  for await (const chunk of source) {
    if (!parser.write(chunk as Buffer)) await Promise.race([once(parser, 'drain'), failed]);
  }
  parser.end();
  await Promise.race([done, failed]);
}

function damaged(error: unknown): Error {
  const reason = (error as Error).message ?? String(error);
  const authentication = /unable to authenticate|auth/i.test(reason);
  return new Error(
    authentication
      ? 'The archive could not be decrypted: the passphrase is wrong, or the archive was changed. Nothing was restored.'
      : `The archive is damaged (${reason}). Nothing was restored; use another copy of the backup.`,
    { cause: error },
  );
}

/**
 * Reads the whole archive once, writing nothing: every entry's size and SHA-256 must match the
 * manifest, every manifest entry must be there and nothing else may be. Returns the manifest.
 */
export async function verifyArchive(path: string, passphrase?: string): Promise<BackupManifest> {
  const file = await stat(path).catch((error: Error) => {
    throw new Error(`Cannot read the archive ${path}: ${error.message}`);
  });
  if (!file.isFile()) throw new Error(`${path} is not a file: name the archive npm run backup wrote.`);
  const source = await openArchive(path, passphrase);
  const seen = new Map<string, { size: number; sha256: string }>();
  const problems: string[] = [];
  let manifestText: string | undefined;
  const reads: Promise<void>[] = [];
  const parser = new Parser({
    strict: true,
    onReadEntry(entry: ReadEntry) {
      if (entry.type !== 'File' && entry.type !== 'OldFile') {
        problems.push(`${entry.path} is a ${entry.type}, which a LIFEOSAI backup never holds`);
        entry.resume();
        return;
      }
      if (entry.path === MANIFEST_FILE) {
        reads.push(
          readManifestText(entry).then((text) => {
            manifestText = text;
          }),
        );
        return;
      }
      reads.push(
        hashEntry(entry).then((found) => {
          if (seen.has(entry.path)) problems.push(`${entry.path} is in the archive twice`);
          seen.set(entry.path, found);
        }),
      );
    },
  });
  try {
    await feed(source, parser, 'end');
    await Promise.all(reads);
  } catch (error) {
    throw damaged(error);
  }
  if (manifestText === undefined)
    throw new Error('The archive has no manifest.json: it is not a LIFEOSAI backup.');
  const manifest = parseManifest(manifestText);
  const listed = new Set(manifest.entries.map((entry) => entry.path));
  for (const entry of manifest.entries) {
    const found = seen.get(entry.path);
    if (!found) problems.push(`${entry.path} is missing`);
    else if (found.size !== entry.size || found.sha256 !== entry.sha256)
      problems.push(`${entry.path} does not match its checksum`);
  }
  for (const path of seen.keys()) if (!listed.has(path)) problems.push(`${path} is not in the manifest`);
  if (problems.length > 0) {
    throw new Error(
      `The archive does not match its manifest, so it was changed or damaged after the backup; nothing was restored:\n  - ${problems.slice(0, 20).join('\n  - ')}`,
    );
  }
  return manifest;
}

async function hashEntry(entry: ReadEntry): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of entry as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest('hex') };
}

async function readManifestText(entry: ReadEntry): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_MANIFEST_BYTES) throw new Error('manifest.json is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseManifest(text: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(
      "The archive's manifest.json is not JSON: the archive is damaged or not a LIFEOSAI backup.",
    );
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const version = (value as { formatVersion?: unknown })?.formatVersion;
    throw new Error(
      typeof version === 'number' && version > 1
        ? `This backup's format (version ${version}) is newer than this LIFEOSAI understands: upgrade LIFEOSAI, then restore.`
        : `The archive's manifest is not one LIFEOSAI wrote (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}).`,
    );
  }
  return parsed.data;
}

/**
 * Unpacks the entries the manifest lists into `target` (an empty folder) and checks each file
 * written against the manifest again — the archive could have changed since it was verified.
 * Modes: the database and keys 0600, other files their owner bits only, folders 0700.
 */
export async function extractArchive(
  path: string,
  passphrase: string | undefined,
  manifest: BackupManifest,
  target: string,
): Promise<void> {
  const byPath = new Map(manifest.entries.map((entry) => [entry.path, entry]));
  const source = await openArchive(path, passphrase);
  const unpack = extract({
    cwd: target,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    dmode: 0o700,
    fmode: 0o600,
    umask: 0o077,
    filter: (entryPath, entry) => byPath.has(entryPath) && (entry as ReadEntry).type === 'File',
  });
  try {
    await feed(source, unpack, 'close');
  } catch (error) {
    throw damaged(error);
  }
  for (const entry of manifest.entries) {
    const written = join(target, entry.path);
    const found = await hashFile(written).catch(() => undefined);
    if (!found || found.sha256 !== entry.sha256 || found.size !== entry.size) {
      throw new Error(`${entry.path} changed in the archive while it was restored; nothing was restored.`);
    }
    await chmod(written, modeOf(entry));
  }
}

function modeOf(entry: ManifestEntry): number {
  if (entry.kind === 'database' || entry.kind === 'key' || entry.kind === 'config') return 0o600;
  return (entry.mode & 0o700) | 0o600;
}
