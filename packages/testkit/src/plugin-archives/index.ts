import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Zippable, zipSync } from 'fflate';
import { Header } from 'tar';

/**
 * One archive entry for tests, hostile ones included: any path, any tar type (`SymbolicLink`,
 * `Link`, `CharacterDevice`…) or zip unix mode (`0o120777` for a symlink).
 */
export interface TestArchiveEntry {
  path: string;
  data?: Uint8Array | string;
  /** tar only; `File` by default. */
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'BlockDevice' | 'FIFO';
  /** tar only: the target of a link. */
  linkpath?: string;
  /** zip only: the unix mode with its type bits (`0o100644` by default). */
  mode?: number;
  /** tar only: a size to declare instead of the data's length. */
  declaredSize?: number;
}

const bytesOf = (data: TestArchiveEntry['data']): Uint8Array =>
  typeof data === 'string' ? new TextEncoder().encode(data) : (data ?? new Uint8Array());

/** A gzip'd tar of the entries, written header by header so any path or type can be forged. */
export function tarGz(entries: TestArchiveEntry[]): Uint8Array {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(bytesOf(entry.data));
    const header = new Header({
      path: entry.path,
      type: entry.type ?? 'File',
      mode: entry.type === 'Directory' ? 0o755 : 0o644,
      size: entry.declaredSize ?? (entry.type === 'File' || entry.type === undefined ? data.length : 0),
      mtime: new Date(0),
      ...(entry.linkpath && { linkpath: entry.linkpath }),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    if (header.needPax) throw new Error(`tarGz: ${entry.path} needs a pax header; use a shorter path`);
    blocks.push(block, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return new Uint8Array(gzipSync(Buffer.concat(blocks)));
}

/** A .zip of the entries, unix modes recorded (so symlinks and devices can be forged). */
export function zip(entries: TestArchiveEntry[]): Uint8Array {
  const zippable: Zippable = {};
  for (const entry of entries) {
    zippable[entry.path] = [bytesOf(entry.data), { os: 3, attrs: (entry.mode ?? 0o100644) * 65_536 }];
  }
  return zipSync(zippable, { level: 6, mtime: new Date('2024-01-01T00:00:00Z') });
}

/** The files under `folder` as entries (paths with `/`), optionally under `prefix`. */
export function folderEntries(folder: string, prefix = ''): TestArchiveEntry[] {
  const entries: TestArchiveEntry[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        entries.push({
          path: prefix + relative(folder, path).split(sep).join('/'),
          data: readFileSync(path),
        });
    }
  };
  walk(folder);
  return entries;
}

/**
 * Packs a folder as a plugin bundle: `tgz` in npm's layout (under `package/`, as `npm pack`
 * does) unless `prefix` says otherwise, `zip` at the root.
 */
export function packFolder(
  folder: string,
  format: 'tgz' | 'zip',
  options: { prefix?: string } = {},
): Uint8Array {
  const prefix = options.prefix ?? (format === 'tgz' ? 'package/' : '');
  const entries = folderEntries(folder, prefix);
  return format === 'tgz' ? tarGz(entries) : zip(entries);
}

/**
 * The fixture Claude Code plugin (`hello-plugin` 1.0.0, npm name `lifeosai-plugin-hello`): the
 * skill `hello-greeting` (its SKILL.md says PERIWINKLE-OTTER-SONATA), the command `wave`, and
 * the stdio MCP server `hello` (`node ${CLAUDE_PLUGIN_ROOT}/server.mjs`), whose tool
 * `hello_secret` answers "The hello plugin says: TANGERINE-HARBOR-7319".
 */
export const claudePluginHelloFolder = join(import.meta.dirname, '../../fixtures/claude-plugin-hello');
