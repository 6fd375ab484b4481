import { gzipSync } from 'node:zlib';
import { tarGz, zip } from '@lifeosai/testkit/plugin-archives';
import { describe, expect, it } from 'vitest';
import { defaultArchiveLimits } from './limits.ts';
import { readArchiveFiles } from './read-archive.ts';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const manifest = { path: 'lifeosai-plugin.json', data: '{}' };

describe('readArchiveFiles', () => {
  it("unwraps npm's package/ folder in a .tgz and reads a .zip at its root", async () => {
    const fromTgz = await readArchiveFiles(
      tarGz([
        { path: 'package/', type: 'Directory' },
        { path: 'package/lifeosai-plugin.json', data: '{"a":1}' },
        { path: 'package/skills/x/SKILL.md', data: 'skill' },
      ]),
    );
    expect([...fromTgz.keys()]).toEqual(['lifeosai-plugin.json', 'skills/x/SKILL.md']);
    expect(text(fromTgz.get('skills/x/SKILL.md'))).toBe('skill');
    const fromZip = await readArchiveFiles(zip([manifest, { path: './docs/a.md', data: 'a' }]));
    expect(text(fromZip.get('docs/a.md'))).toBe('a');
  });

  it.each([
    ['a path climbing out (tgz)', () => tarGz([manifest, { path: '../evil.sh', data: 'x' }]), /climbs out/],
    ['a nested climb (tgz)', () => tarGz([manifest, { path: 'a/../../evil', data: 'x' }]), /climbs out/],
    ['an absolute path (tgz)', () => tarGz([manifest, { path: '/etc/cron.d/x', data: 'x' }]), /absolute/],
    [
      'a symlink (tgz)',
      () => tarGz([manifest, { path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' }]),
      /SymbolicLink/,
    ],
    [
      'a hard link (tgz)',
      () => tarGz([manifest, { path: 'hard', type: 'Link', linkpath: 'lifeosai-plugin.json' }]),
      /Link/,
    ],
    ['a device (tgz)', () => tarGz([manifest, { path: 'dev', type: 'CharacterDevice' }]), /CharacterDevice/],
    ['a FIFO (tgz)', () => tarGz([manifest, { path: 'fifo', type: 'FIFO' }]), /FIFO/],
    ['a backslash path (tgz)', () => tarGz([manifest, { path: '..\\evil', data: 'x' }]), /backslash/],
    ['a duplicate (tgz)', () => tarGz([manifest, manifest]), /twice/],
    [
      'a file that is also a folder (tgz)',
      () => tarGz([manifest, { path: 'a', data: 'x' }, { path: 'a/b', data: 'y' }]),
      /both a file and a folder/,
    ],
    ['a path climbing out (zip)', () => zip([manifest, { path: '../evil.sh', data: 'x' }]), /climbs out/],
    ['an absolute path (zip)', () => zip([manifest, { path: '/tmp/evil', data: 'x' }]), /absolute/],
    ['a drive letter (zip)', () => zip([manifest, { path: 'C:/evil', data: 'x' }]), /absolute/],
    [
      'a symlink (zip)',
      () => zip([manifest, { path: 'link', data: '/etc/passwd', mode: 0o120777 }]),
      /link or a special file/,
    ],
    [
      'a device (zip)',
      () => zip([manifest, { path: 'dev', data: '', mode: 0o020644 }]),
      /link or a special file/,
    ],
    ['neither tgz nor zip', () => new TextEncoder().encode('just text'), /neither a .tgz nor a .zip/],
    ['damaged gzip', () => new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), /not valid gzip/],
    [
      'a zip without a central directory',
      () => new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]),
      /central directory/,
    ],
  ])('refuses %s with PLUGIN_INVALID', async (_name, build, reason) => {
    await expect(readArchiveFiles(build())).rejects.toMatchObject({
      code: 'PLUGIN_INVALID',
      status: 400,
      message: expect.stringMatching(reason),
    });
  });

  it('refuses archives past the limits: file count, one file, the total, and a gzip bomb', async () => {
    const limits = { maxFiles: 3, maxFileBytes: 100, maxTotalBytes: 150 };
    const files = (count: number, size: number) =>
      Array.from({ length: count }, (_, index) => ({ path: `f${index}`, data: 'x'.repeat(size) }));
    await expect(readArchiveFiles(tarGz(files(4, 1)), limits)).rejects.toThrow(/more than 3 files/);
    await expect(readArchiveFiles(zip(files(4, 1)), limits)).rejects.toThrow(/more than 3 files/);
    await expect(readArchiveFiles(tarGz(files(1, 101)), limits)).rejects.toThrow(
      /f0 is larger than 100 bytes/,
    );
    await expect(readArchiveFiles(zip(files(1, 101)), limits)).rejects.toThrow(/f0 is larger than 100 bytes/);
    await expect(readArchiveFiles(tarGz(files(2, 80)), limits)).rejects.toThrow(
      /together are larger than 150/,
    );
    // A tar header declaring more than it holds is the same as a large file.
    await expect(
      readArchiveFiles(tarGz([{ path: 'big', data: 'x', declaredSize: 10_000 }]), limits),
    ).rejects.toThrow(/larger than 100/);
    // 200 MiB of zeros gzip to ~200 KiB: refused while inflating, long before the memory is spent.
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024));
    await expect(readArchiveFiles(bomb, defaultArchiveLimits)).rejects.toThrow(/unpacks to more than/);
  });
});
