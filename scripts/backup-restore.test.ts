import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadConfig } from '@lifeosai/config';
import { knownMigrationNames, openDatabase } from '@lifeosai/db';
import { createSqliteDatabaseAt, seedAgentWithSession } from '@lifeosai/db/test-seeds';
import { createSecretStore, loadMasterKey, loadVapidKeys, Redactor, SecretCipher } from '@lifeosai/secrets';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backupHome } from './backup/backup-home.ts';
import { type RestoreOptions, restoreHome } from './backup/restore-home.ts';
import { type LocalPlatform, startLocalPlatform } from './testing/local-platform.ts';
import { runScript, type TestInstall, testInstall } from './testing/run-maintenance.ts';

// Real services in their own processes, and each command a fresh Node process: seconds each.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** A browser stand-in for the gateway: a cookie jar and the web app's Origin. */
function browser(gatewayUrl: string, origin: string) {
  const cookies = new Map<string, string>();
  return async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { origin };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(new URL(path, gatewayUrl), {
      method,
      headers,
      body: payload,
      redirect: 'manual',
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!;
      const separator = pair.indexOf('=');
      cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
    return response;
  };
}
type Browser = ReturnType<typeof browser>;

function browserOf(install: TestInstall, platform: LocalPlatform): Browser {
  return browser(platform.gatewayUrl, `http://127.0.0.1:${install.ports.web}`);
}

async function upload(call: Browser, name: string, content: string, query = ''): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/plain' }), name);
  return call('POST', `/api/files${query}`, form);
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const account = { name: 'Ada', email: 'ada@example.test', password: 'correct horse battery' };
const secretValue = 'ghp_backup_canary_0123456789abcdef';

describe('npm run backup / npm run restore', () => {
  const folders: string[] = [];
  let source: TestInstall;
  let archive: string;
  let passphraseFile: string;
  let backupOutput: string;
  let refusedWhileRunning: { code: number | null; output: string };
  /** Files whose upload finished before the backup started: the backup must have them. */
  const before = new Map<string, string>();
  let orgId: string;
  let agentId: string;

  beforeAll(async () => {
    source = await testInstall();
    folders.push(source.home);
    const work = mkdtempSync(join(tmpdir(), 'lifeosai-backups-'));
    folders.push(work);
    archive = join(work, 'backup.tar.gz.enc');
    passphraseFile = join(work, 'passphrase');
    writeFileSync(passphraseFile, 'a long backup passphrase\n', { mode: 0o600 });

    // Auth and the gateway: the Agent API, the slowest to start, adds nothing a backup reads.
    const platform = await startLocalPlatform(source.env, source.ports, { agentApi: false });
    try {
      const call = browserOf(source, platform);
      const signedUp = await call('POST', '/api/auth/sign-up/email', account);
      expect(signedUp.status, await signedUp.clone().text()).toBe(200);
      orgId = ((await (await call('GET', '/api/me')).json()) as { orgId: string }).orgId;
      expect((await call('POST', '/api/secrets', { name: 'GITHUB_TOKEN', value: secretValue })).status).toBe(
        201,
      );
      // The agent's row written beside the running services, as the Agent API would.
      agentId = 'agt_backup';
      const live = await openDatabase({ dialect: 'sqlite', path: join(source.home, 'lifeosai.db') });
      await seedAgentWithSession(live.db, { id: agentId, orgId, name: 'Scout' });
      await live.close();
      // The Agent API's Web Push keys, made as it makes them at its first start.
      loadVapidKeys({ mode: 'local', home: source.home, env: {} });
      // What a harness leaves in the agent's workspace.
      const workspace = join(source.home, 'agents', agentId, 'workspace');
      mkdirSync(workspace, { recursive: true });
      writeFileSync(join(workspace, 'notes.md'), '# notes kept by the agent\n');
      for (let index = 0; index < 5; index++) {
        const content = `file ${index} `.repeat(200);
        expect((await upload(call, `before-${index}.txt`, content)).status).toBe(201);
        before.set(`before-${index}.txt`, content);
      }

      // The platform keeps writing while the backup runs: uploads, overwrites and deletes.
      let writing = true;
      let writes = 0;
      const writer = (async () => {
        for (let round = 0; writing; round++) {
          await upload(call, 'rolling.txt', `version ${round} `.repeat(300), '?overwrite=true');
          const created = await upload(call, `during-${round}.txt`, `during ${round} `.repeat(500));
          if (created.status === 201 && round % 2 === 0) {
            const { id } = (await created.json()) as { id: string };
            await call('DELETE', `/api/files/${id}`);
          }
          writes++;
          // Steady rather than flat out: the backup is what this test measures, not the gateway.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const backup = await runScript(
        'backup.ts',
        ['--out', archive, '--passphrase-file', passphraseFile],
        source.env,
      );
      writing = false;
      await writer;
      backupOutput = backup.output;
      expect(backup.code, backup.output).toBe(0);
      expect(writes).toBeGreaterThan(0);

      refusedWhileRunning = await runScript('restore.ts', ['--from', archive, '--force'], source.env);
    } finally {
      await platform.stop();
    }
  });

  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('writes one archive, mode 0600, and says loudly that it holds the keys', () => {
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(backupOutput).toContain(`✓ backup written`);
    expect(backupOutput).toContain('encrypted');
    expect(backupOutput).toContain(
      "THIS ARCHIVE HOLDS THE PLATFORM'S KEYS (master.key, internal-signing-key.json, service-secret, auth-secret, vapid.json)",
    );
    for (const key of ['master.key', 'service-secret', 'auth-secret']) {
      expect(backupOutput).not.toContain(readFileSync(join(source.home, key), 'utf8').trim());
    }
    expect(backupOutput).not.toContain(secretValue);
  });

  it('refuses to restore over the running platform', () => {
    expect(refusedWhileRunning.code).toBe(1);
    expect(refusedWhileRunning.output).toContain('LIFEOSAI looks to be running');
    expect(refusedWhileRunning.output).toContain('Stop it first');
  });

  it('restores into a fresh home that then starts with the data: sign-in, agent, files, secret, workspace', async () => {
    const target = await testInstall();
    folders.push(target.home);
    rmSync(target.home, { recursive: true });
    const restored = await runScript(
      'restore.ts',
      ['--from', archive, '--passphrase-file', passphraseFile],
      target.env,
    );
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toContain('entries verified');
    expect(restored.output).toContain('✓ restored');
    for (const key of [
      'master.key',
      'internal-signing-key.json',
      'service-secret',
      'auth-secret',
      'vapid.json',
    ]) {
      expect(statSync(join(target.home, key)).mode & 0o777, key).toBe(0o600);
      expect(readFileSync(join(target.home, key))).toEqual(readFileSync(join(source.home, key)));
    }
    expect(statSync(target.home).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(target.home, 'agents', agentId, 'workspace', 'notes.md'), 'utf8')).toBe(
      '# notes kept by the agent\n',
    );

    const key = await loadMasterKey({ mode: 'local', home: target.home, env: {} });
    const handle = await openDatabase({ dialect: 'sqlite', path: join(target.home, 'lifeosai.db') });
    try {
      const store = createSecretStore({
        db: handle.db,
        cipher: new SecretCipher(key),
        redactor: new Redactor(),
      });
      expect(await store.reveal(orgId, 'GITHUB_TOKEN')).toBe(secretValue);
    } finally {
      await handle.close();
    }

    const platform = await startLocalPlatform(target.env, target.ports);
    try {
      const call = browserOf(target, platform);
      const signedIn = await call('POST', '/api/auth/sign-in/email', {
        email: account.email,
        password: account.password,
      });
      expect(signedIn.status).toBe(200);
      expect(((await (await call('GET', '/api/me')).json()) as { orgId: string }).orgId).toBe(orgId);
      const page = (await (await call('GET', '/api/files?limit=200')).json()) as {
        items: { id: string; name: string; sha256: string }[];
      };
      const names = page.items.map((file) => file.name);
      for (const name of before.keys()) expect(names).toContain(name);
      expect(names.filter((name) => name === 'rolling.txt')).toHaveLength(1);
      // Every row has its bytes, whole: nothing the writer did during the backup left a row without them.
      for (const file of page.items) {
        const download = await call('GET', `/api/files/${file.id}/content`);
        expect(download.status, file.name).toBe(200);
        const bytes = Buffer.from(await download.arrayBuffer());
        expect(sha256(bytes), file.name).toBe(file.sha256);
        if (before.has(file.name)) expect(bytes.toString()).toBe(before.get(file.name));
      }
    } finally {
      await platform.stop();
    }
  });

  // The refusals below call what the commands call, in this process: each command is a Node
  // start of a second or more, and the commands' own output is checked above.
  const restoreInto = async (
    install: TestInstall,
    archivePath: string,
    extra: Partial<RestoreOptions> = {},
  ) => {
    const lines: string[] = [];
    const config = loadConfig({ env: install.env });
    const outcome = await restoreHome({
      config,
      archive: archivePath,
      force: false,
      log: (line) => lines.push(line),
      ...extra,
    }).then(
      () => undefined,
      (error: Error) => error,
    );
    return { error: outcome, output: lines.join('\n') };
  };

  it('refuses a wrong passphrase, writing nothing', async () => {
    const target = await testInstall();
    folders.push(target.home);
    rmSync(target.home, { recursive: true });
    const wrong = await restoreInto(target, archive, { passphrase: 'not the passphrase at all' });
    expect(wrong.error?.message).toBe(
      'The archive could not be decrypted: the passphrase is wrong, or the archive was changed. Nothing was restored.',
    );
    const none = await restoreInto(target, archive);
    expect(none.error?.message).toContain(
      'This backup is encrypted: give its passphrase with --passphrase-file',
    );
    expect(() => statSync(target.home)).toThrow(/ENOENT/);
  });

  it('refuses an archive whose entry no longer matches the manifest, writing nothing', async () => {
    // A plain backup of the stopped install, then one byte of a key changed inside a tar.gz
    // that is otherwise well formed.
    const plain = `${source.home}-plain.tar.gz`;
    folders.push(plain);
    const config = loadConfig({ env: source.env });
    await backupHome({ config, out: plain, env: {}, platformVersion: 'test', log: () => undefined });
    const tar = gunzipSync(readFileSync(plain));
    const at = tar.indexOf(readFileSync(join(source.home, 'service-secret')));
    expect(at).toBeGreaterThan(0);
    tar[at] = tar[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(plain, gzipSync(tar));
    const target = await testInstall();
    folders.push(target.home);
    const refused = await restoreInto(target, plain);
    expect(refused.error?.message).toContain('does not match its manifest');
    expect(refused.error?.message).toContain('service-secret does not match its checksum');
    expect(readdirSync(target.home)).toEqual([]);
  });

  it('refuses a home that is not empty; --force moves it aside and restores in its place', async () => {
    const target = await testInstall();
    folders.push(target.home);
    writeFileSync(join(target.home, 'lifeosai.db'), 'an older install');
    const passphrase = 'a long backup passphrase';
    const refused = await restoreInto(target, archive, { passphrase });
    expect(refused.error?.message).toContain('is not empty (lifeosai.db)');
    expect(refused.error?.message).toContain('add --force');
    expect(readFileSync(join(target.home, 'lifeosai.db'), 'utf8')).toBe('an older install');

    const forced = await restoreInto(target, archive, { passphrase, force: true });
    expect(forced.error).toBeUndefined();
    const aside = /moved the previous contents of .* to (\S+)/.exec(forced.output)?.[1];
    expect(aside).toBeDefined();
    folders.push(aside!);
    expect(readFileSync(join(aside!, 'lifeosai.db'), 'utf8')).toBe('an older install');
    expect(readFileSync(join(target.home, 'master.key'))).toEqual(
      readFileSync(join(source.home, 'master.key')),
    );
  });

  it("migrates an older version's database on restore, and refuses one from a newer version", async () => {
    const older = await testInstall();
    folders.push(older.home);
    const names = knownMigrationNames();
    await createSqliteDatabaseAt(join(older.home, 'lifeosai.db'), names.at(-2)!);
    const archivePath = `${older.home}-older.tar.gz`;
    folders.push(archivePath);
    const config = loadConfig({ env: older.env });
    const { manifest } = await backupHome({
      config,
      out: archivePath,
      env: {},
      platformVersion: 'old',
      log: () => {},
    });
    expect(manifest.migrations).toEqual(names.slice(0, -1));
    const target = await testInstall();
    folders.push(target.home);
    const restored = await restoreInto(target, archivePath);
    expect(restored.error).toBeUndefined();
    expect(restored.output).toContain(`database migrated from an older schema: ${names.at(-1)}`);

    const future = new DatabaseSync(join(older.home, 'lifeosai.db'));
    future
      .prepare('INSERT INTO lifeosai_migrations (name, timestamp) VALUES (?, ?)')
      .run('9999-future', new Date().toISOString());
    future.close();
    const newerPath = `${older.home}-newer.tar.gz`;
    folders.push(newerPath);
    await backupHome({ config, out: newerPath, env: {}, platformVersion: '9.9.9', log: () => {} });
    const other = await testInstall();
    folders.push(other.home);
    const refused = await restoreInto(other, newerPath);
    expect(refused.error?.message).toContain('migrations this LIFEOSAI does not know (9999-future)');
    expect(refused.error?.message).toContain('Upgrade LIFEOSAI, then restore');
    expect(readdirSync(other.home)).toEqual([]);
  });
});
