import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { openDatabase } from '@lifeosai/db';
import { createSecretStore, loadMasterKey, Redactor, SecretCipher } from '@lifeosai/secrets';
import { createTestDatabase } from '@lifeosai/testkit/postgres';
import { afterEach, expect, inject, it, vi } from 'vitest';
import { runScript, type TestInstall, testInstall } from './testing/run-maintenance.ts';

// Each command is a fresh Node process loading the services' code: seconds each on a busy machine.
vi.setConfig({ testTimeout: 120_000 });
const installs: TestInstall[] = [];
afterEach(() => {
  for (const install of installs.splice(0)) rmSync(install.home, { recursive: true, force: true });
});

/** A local install with two secrets stored under its generated master key. */
async function installWithSecrets(): Promise<{ install: TestInstall; values: string[] }> {
  const install = await testInstall();
  installs.push(install);
  const key = await loadMasterKey({ mode: 'local', home: install.home, env: {} });
  const handle = await openDatabase({ dialect: 'sqlite', path: join(install.home, 'lifeosai.db') });
  const store = createSecretStore({ db: handle.db, cipher: new SecretCipher(key), redactor: new Redactor() });
  const values = ['sk-ant-script-canary-0123456789', 'ghp_script_canary_abcdefghij'];
  await store.create('org_a', 'provider.anthropic.apiKey', values[0]!, 'usr_1');
  await store.create('org_b', 'GITHUB_TOKEN', values[1]!, 'usr_2');
  await handle.close();
  return { install, values };
}

it('rotates a local install: counts, no key or value printed, secrets readable with the new key', async () => {
  const { install, values } = await installWithSecrets();
  const oldKeyText = readFileSync(join(install.home, 'master.key'), 'utf8').trim();

  const { code, output } = await runScript('rotate-master-key.ts', [], install.env);

  expect(code, output).toBe(0);
  expect(output).toContain(
    '✓ master key rotated: 2 stored secrets of 2 organizations and 0 OAuth tokens; 2 re-encrypted',
  );
  expect(output).toContain('2 proven to decrypt with the new key');
  const newKeyText = readFileSync(join(install.home, 'master.key'), 'utf8').trim();
  expect(newKeyText).not.toBe(oldKeyText);
  for (const hidden of [oldKeyText, newKeyText, ...values]) expect(output).not.toContain(hidden);
  const handle = await openDatabase({ dialect: 'sqlite', path: join(install.home, 'lifeosai.db') });
  const key = await loadMasterKey({ mode: 'local', home: install.home, env: {} });
  const store = createSecretStore({ db: handle.db, cipher: new SecretCipher(key), redactor: new Redactor() });
  expect(await store.reveal('org_a', 'provider.anthropic.apiKey')).toBe(values[0]);
  await handle.close();
});

it('refuses while a platform port is in use, changing nothing', async () => {
  const { install } = await installWithSecrets();
  const before = readFileSync(join(install.home, 'master.key'), 'utf8');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(install.ports.userManagement, '127.0.0.1', resolve));
  try {
    const { code, output } = await runScript('rotate-master-key.ts', [], install.env);
    expect(code).toBe(1);
    expect(output).toContain(`port ${install.ports.userManagement} (userManagement) is in use`);
    expect(readFileSync(join(install.home, 'master.key'), 'utf8')).toBe(before);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

it('in cloud mode insists that the services are stopped, and says which variable to set', async () => {
  const { install } = await installWithSecrets();
  const env = {
    ...install.env,
    LIFEOSAI_MASTER_KEY: readFileSync(join(install.home, 'master.key'), 'utf8').trim(),
  };
  const file = join(install.home, 'next-master.key');
  const refused = await runScript('rotate-master-key.ts', ['--new-key-file', file], {
    ...env,
    LIFEOSAI_MODE: 'cloud',
    DATABASE_URL: 'postgres://unused:unused@127.0.0.1:1/unused',
  });
  expect(refused.code).toBe(1);
  expect(refused.output).toContain('--services-stopped');

  // Local mode with the key in the environment takes the same path as cloud mode.
  const { code, output } = await runScript('rotate-master-key.ts', ['--new-key-file', file], env);
  expect(code, output).toBe(0);
  expect(output).toContain(`Now set LIFEOSAI_MASTER_KEY to the new key (the content of ${file})`);
  expect(output).not.toContain(readFileSync(file, 'utf8').trim());
});

it('in cloud mode re-encrypts a Postgres database from one environment key to the other', async () => {
  const install = await testInstall();
  installs.push(install);
  const database = await createTestDatabase(inject('postgresAdminUrl'));
  try {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const handle = await openDatabase({ dialect: 'postgres', url: database.url });
    const store = (key: Buffer) =>
      createSecretStore({ db: handle.db, cipher: new SecretCipher(key), redactor: new Redactor() });
    await store(oldKey).create('org_a', 'provider.openai.apiKey', 'sk-cloud-canary-0123456789', 'usr_1');
    const env = {
      ...install.env,
      LIFEOSAI_MODE: 'cloud',
      DATABASE_URL: database.url,
      LIFEOSAI_MASTER_KEY: oldKey.toString('base64'),
      LIFEOSAI_NEW_MASTER_KEY: newKey.toString('base64'),
    };
    const { code, output } = await runScript('rotate-master-key.ts', ['--services-stopped'], env);
    expect(code, output).toBe(0);
    expect(output).toContain('1 stored secret of 1 organization and 0 OAuth tokens; 1 re-encrypted');
    expect(output).toContain(
      'Now set LIFEOSAI_MASTER_KEY to the new key (the value of LIFEOSAI_NEW_MASTER_KEY)',
    );
    expect(output).not.toContain(env.LIFEOSAI_NEW_MASTER_KEY);
    expect(await store(newKey).reveal('org_a', 'provider.openai.apiKey')).toBe('sk-cloud-canary-0123456789');
    await handle.close();
  } finally {
    await database.drop();
  }
});
