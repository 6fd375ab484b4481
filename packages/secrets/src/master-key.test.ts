import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMasterKey } from './master-key.ts';

let sandbox: string;

beforeEach(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'lifeosai-master-key-'));
});

afterEach(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

describe('loadMasterKey from LIFEOSAI_MASTER_KEY', () => {
  const key = randomBytes(32);

  it.each([
    ['hex', key.toString('hex')],
    ['upper-case hex', key.toString('hex').toUpperCase()],
    ['base64', key.toString('base64')],
    ['base64url', key.toString('base64url')],
    ['base64 with surrounding whitespace', ` ${key.toString('base64')}\n`],
  ])('accepts %s', async (_label, value) => {
    const loaded = await loadMasterKey({ mode: 'cloud', home: sandbox, env: { LIFEOSAI_MASTER_KEY: value } });
    expect(loaded.equals(key)).toBe(true);
  });

  it.each([
    ['16 bytes of base64', randomBytes(16).toString('base64')],
    ['62 hex characters', randomBytes(31).toString('hex')],
    ['a passphrase', 'correct horse battery staple'],
  ])('refuses %s, naming the variable but not the value', async (_label, value) => {
    const attempt = loadMasterKey({ mode: 'local', home: sandbox, env: { LIFEOSAI_MASTER_KEY: value } });
    await expect(attempt).rejects.toMatchObject({ code: 'MASTER_KEY_INVALID' });
    await expect(attempt).rejects.toThrow(/LIFEOSAI_MASTER_KEY must be 32 bytes/);
    await expect(attempt).rejects.not.toThrow(value);
  });

  it('is preferred over the key file in local mode', async () => {
    await loadMasterKey({ mode: 'local', home: sandbox, env: {} });
    const loaded = await loadMasterKey({
      mode: 'local',
      home: sandbox,
      env: { LIFEOSAI_MASTER_KEY: key.toString('hex') },
    });
    expect(loaded.equals(key)).toBe(true);
  });
});

describe('loadMasterKey in cloud mode', () => {
  it('fails without the variable and creates no file', async () => {
    const attempt = loadMasterKey({ mode: 'cloud', home: sandbox, env: { LIFEOSAI_MASTER_KEY: '' } });
    await expect(attempt).rejects.toMatchObject({ code: 'MASTER_KEY_MISSING' });
    await expect(attempt).rejects.toThrow(/LIFEOSAI_MASTER_KEY is not set/);
    await expect(stat(join(sandbox, 'master.key'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe.skipIf(process.platform === 'win32')('loadMasterKey key file in local mode', () => {
  it('creates the file 0600 (and its directory 0700), then reuses it', async () => {
    const home = join(sandbox, 'nested', 'home');
    const first = await loadMasterKey({ mode: 'local', home, env: {} });
    const fileStats = await stat(join(home, 'master.key'));
    const homeStats = await stat(home);

    expect(first).toHaveLength(32);
    expect(fileStats.mode & 0o777).toBe(0o600);
    expect(homeStats.mode & 0o777).toBe(0o700);

    const second = await loadMasterKey({ mode: 'local', home, env: {} });
    expect(second.equals(first)).toBe(true);
  });

  it('agrees on one key when several processes start at once', async () => {
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadMasterKey({ mode: 'local', home: sandbox, env: {} })),
    );
    const onDisk = Buffer.from((await readFile(join(sandbox, 'master.key'), 'utf8')).trim(), 'base64');
    for (const key of keys) expect(key.equals(onDisk)).toBe(true);
  });

  it('refuses a key file other users can read and says how to fix it', async () => {
    await loadMasterKey({ mode: 'local', home: sandbox, env: {} });
    const path = join(sandbox, 'master.key');
    await chmod(path, 0o644);

    const attempt = loadMasterKey({ mode: 'local', home: sandbox, env: {} });
    await expect(attempt).rejects.toMatchObject({ code: 'MASTER_KEY_INSECURE' });
    await expect(attempt).rejects.toThrow(`chmod 600 ${path}`);
  });

  it('refuses a key file that is a symlink', async () => {
    const elsewhere = join(sandbox, 'elsewhere.key');
    await writeFile(elsewhere, randomBytes(32).toString('base64'), { mode: 0o600 });
    const home = join(sandbox, 'home');
    await loadMasterKey({ mode: 'local', home, env: {} });
    await rm(join(home, 'master.key'));
    await symlink(elsewhere, join(home, 'master.key'));

    await expect(loadMasterKey({ mode: 'local', home, env: {} })).rejects.toMatchObject({
      code: 'MASTER_KEY_INSECURE',
    });
  });

  it('refuses a key file with the wrong contents, naming the file', async () => {
    const path = join(sandbox, 'master.key');
    await writeFile(path, 'not a key', { mode: 0o600 });
    await expect(loadMasterKey({ mode: 'local', home: sandbox, env: {} })).rejects.toThrow(
      `${path} must be 32 bytes`,
    );
  });
});
