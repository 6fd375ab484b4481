import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claudePluginHelloFolder, packFolder } from '@lifeosai/testkit/plugin-archives';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveChecksum, checksumHex } from './checksum.ts';
import { unpackPlugin } from './unpack.ts';

let cacheRoot: string;
beforeEach(async () => {
  cacheRoot = await mkdtemp(join(tmpdir(), 'plugin-cache-'));
});
afterEach(async () => {
  await rm(cacheRoot, { recursive: true, force: true }).catch(async () => {
    // Read-only folders: make them writable, then remove.
    const { execFileSync } = await import('node:child_process');
    execFileSync('chmod', ['-R', 'u+w', cacheRoot]);
    await rm(cacheRoot, { recursive: true, force: true });
  });
});

describe('unpackPlugin', () => {
  const archive = packFolder(claudePluginHelloFolder, 'tgz');
  const checksum = archiveChecksum(archive);

  it('unpacks to <cacheRoot>/<checksum hex>, files 0444 and folders 0555, and again is a no-op', async () => {
    const folder = await unpackPlugin(archive, checksum, cacheRoot);
    expect(folder).toBe(join(cacheRoot, checksumHex(checksum) ?? ''));
    expect(await readFile(join(folder, 'skills/hello-greeting/SKILL.md'), 'utf8')).toContain(
      'PERIWINKLE-OTTER-SONATA',
    );
    expect((await stat(join(folder, 'server.mjs'))).mode & 0o777).toBe(0o444);
    expect((await stat(join(folder, 'skills/hello-greeting'))).mode & 0o777).toBe(0o555);
    expect((await stat(folder)).mode & 0o777).toBe(0o555);
    expect(await unpackPlugin(archive, checksum, cacheRoot)).toBe(folder);
    expect(await readdir(cacheRoot)).toEqual([checksumHex(checksum)]);
  });

  it('is safe when several runs unpack the same bundle at once: one folder, no temporary left', async () => {
    const folders = await Promise.all(
      Array.from({ length: 5 }, () => unpackPlugin(archive, checksum, cacheRoot)),
    );
    expect(new Set(folders).size).toBe(1);
    expect(await readdir(cacheRoot)).toEqual([checksumHex(checksum)]);
    expect((await readdir(join(cacheRoot, checksumHex(checksum) ?? ''))).sort()).toEqual(
      ['.claude-plugin', '.mcp.json', 'commands', 'package.json', 'server.mjs', 'skills'].sort(),
    );
  });

  it('refuses an archive that does not match its checksum, unpacking nothing', async () => {
    const other = archiveChecksum(new Uint8Array([1, 2, 3]));
    await expect(unpackPlugin(archive, other, cacheRoot)).rejects.toMatchObject({ code: 'PLUGIN_INVALID' });
    await expect(unpackPlugin(archive, 'sha256-not-a-checksum', cacheRoot)).rejects.toMatchObject({
      code: 'PLUGIN_INVALID',
    });
    expect(await readdir(cacheRoot)).toEqual([]);
  });
});

describe('archiveChecksum', () => {
  it('is sha256-<base64>, and its hex form names the cache folder', () => {
    const checksum = archiveChecksum(new TextEncoder().encode('abc'));
    expect(checksum).toBe('sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(checksumHex(checksum)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(checksumHex('sha512-abc')).toBeNull();
  });
});
