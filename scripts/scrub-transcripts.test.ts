import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '@lifeosai/db';
import { createSecretStore, loadMasterKey, Redactor, SecretCipher } from '@lifeosai/secrets';
import { afterEach, expect, it, vi } from 'vitest';
import { runScript, type TestInstall, testInstall } from './testing/run-maintenance.ts';

const fixtures = join(import.meta.dirname, '..', 'packages', 'secrets', 'src', 'fixtures');
const claudeKey = 'sk-ant-canary-64f68590edf196b90e75911b';
const piKey = 'sk-canary-545e16644368738e51d54df0';
// Each command is a fresh Node process loading the services' code: seconds each on a busy machine.
vi.setConfig({ testTimeout: 120_000 });
const installs: TestInstall[] = [];
afterEach(() => {
  for (const install of installs.splice(0)) rmSync(install.home, { recursive: true, force: true });
});

it("scrubs the environment's key and an organization's stored key from two agents' transcripts", async () => {
  const install = await testInstall({ ANTHROPIC_API_KEY: claudeKey });
  installs.push(install);
  const claudeDir = join(install.home, 'agents', 'agt_1', 'data', 'claude', 'projects', 'p');
  const piDir = join(install.home, 'agents', 'agt_2', 'data', 'pi-sessions');
  mkdirSync(claudeDir, { recursive: true });
  mkdirSync(piDir, { recursive: true });
  copyFileSync(join(fixtures, 'claude-code-transcript.jsonl'), join(claudeDir, 's.jsonl'));
  copyFileSync(join(fixtures, 'pi-session.jsonl'), join(piDir, 's.jsonl'));
  // The Pi agent's organization stored its key through /api/models.
  const key = await loadMasterKey({ mode: 'local', home: install.home, env: {} });
  const handle = await openDatabase({ dialect: 'sqlite', path: join(install.home, 'lifeosai.db') });
  const store = createSecretStore({ db: handle.db, cipher: new SecretCipher(key), redactor: new Redactor() });
  await store.create('org_b', 'provider.anthropic.apiKey', piKey, 'usr_2');
  const now = new Date().toISOString();
  await handle.db
    .insertInto('providerSettings')
    .values({
      id: 'prv_1',
      orgId: 'org_b',
      provider: 'anthropic',
      baseUrl: null,
      defaultModel: null,
      apiKeyRef: 'secret:provider.anthropic.apiKey',
      updatedBy: 'usr_2',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  await handle.close();

  const dry = await runScript('scrub-transcripts.ts', ['--dry-run'], install.env);
  expect(dry.code, dry.output).toBe(0);
  expect(dry.output).toContain('dry run, nothing written: would change 2 file(s) (12 replacement(s))');
  expect(readFileSync(join(claudeDir, 's.jsonl'), 'utf8')).toContain(claudeKey);

  const { code, output } = await runScript('scrub-transcripts.ts', [], install.env);
  expect(code, output).toBe(0);
  expect(output).toContain(
    'Looking for 2 secret values: 1 provider key(s) from this environment, 1 stored by organizations.',
  );
  expect(output).toContain(
    '✓ scrubbed: 2 file(s) (12 replacement(s)) of 2 text file(s) in 2 agent folder(s)',
  );
  expect(output).not.toContain(claudeKey);
  expect(output).not.toContain(piKey);
  expect(readFileSync(join(claudeDir, 's.jsonl'), 'utf8')).not.toContain(claudeKey);
  expect(readFileSync(join(piDir, 's.jsonl'), 'utf8')).not.toContain(piKey);
});
