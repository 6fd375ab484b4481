import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, nowIso } from '@lifeosai/db';
import { createSecretStore, Redactor, SecretCipher } from '@lifeosai/secrets';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentDirectories } from './agent-directories.ts';
import { collectKnownSecrets } from './known-secrets.ts';

describe.each(testDialects)('the secrets a scrub looks for, on %s', (dialect) => {
  let database: TestDatabase;
  const key = randomBytes(32);
  const values = {
    environment: 'sk-ant-from-the-service-environment',
    stored: 'sk-ant-stored-by-org-a-0123456789',
    envReference: 'sk-openai-in-a-custom-variable-01',
    github: 'ghp_not-a-provider-key-0123456789',
    foreign: 'written-under-some-other-master-key',
  };

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const store = createSecretStore({
      db: database.db,
      cipher: new SecretCipher(key),
      redactor: new Redactor(),
    });
    await store.create('org_a', 'provider.anthropic.apiKey', values.stored, 'usr_1');
    await store.create('org_a', 'GITHUB_TOKEN', values.github, 'usr_1');
    const stranger = createSecretStore({
      db: database.db,
      cipher: new SecretCipher(randomBytes(32)),
      redactor: new Redactor(),
    });
    await stranger.create('org_c', 'OLD', values.foreign, 'usr_3');
    const row = (orgId: string, provider: string, apiKeyRef: string | null) => ({
      id: newId('prv'),
      orgId,
      provider,
      baseUrl: null,
      defaultModel: null,
      apiKeyRef,
      updatedBy: 'usr_1',
      createdAt: nowIso(),
      updatedAt: nowIso(),
    });
    await database.db
      .insertInto('providerSettings')
      .values([
        row('org_a', 'anthropic', 'secret:provider.anthropic.apiKey'),
        row('org_b', 'openai', 'env:CUSTOM_OPENAI_KEY'),
        row('org_b', 'google', 'secret:DELETED_SINCE'),
        row('org_c', 'anthropic', null),
      ])
      .execute();
  });
  afterAll(() => database.cleanup());

  const collect = (allSecrets: boolean) =>
    collectKnownSecrets({
      db: database.db,
      store: createSecretStore({ db: database.db, cipher: new SecretCipher(key), redactor: new Redactor() }),
      env: {
        ANTHROPIC_API_KEY: values.environment,
        CUSTOM_OPENAI_KEY: values.envReference,
        PATH: '/usr/bin',
      },
      allSecrets,
    });

  it('finds the environment key and every organization key its provider settings point at', async () => {
    const known = await collect(false);
    expect(known.values.sort()).toEqual([values.environment, values.stored, values.envReference].sort());
    expect(known.counts).toEqual({ environment: 1, providerKeys: 2, otherSecrets: 0, unreadable: 0 });
  });

  it('with allSecrets, adds every other stored secret and counts the ones it cannot read', async () => {
    const known = await collect(true);
    expect(known.values).toContain(values.github);
    expect(known.values).not.toContain(values.foreign);
    expect(known.counts).toEqual({ environment: 1, providerKeys: 2, otherSecrets: 1, unreadable: 1 });
  });
});

describe('agentDirectories', () => {
  it("lists each agent's data folder, and its workspace when asked, never through a symlink", async () => {
    const home = mkdtempSync(join(tmpdir(), 'lifeosai-agents-'));
    try {
      expect(await agentDirectories(home)).toEqual({ agents: 0, roots: [] });
      mkdirSync(join(home, 'agents', 'agt_1', 'data'), { recursive: true });
      mkdirSync(join(home, 'agents', 'agt_2'), { recursive: true });
      symlinkSync('/etc', join(home, 'agents', 'agt_evil'));
      expect(await agentDirectories(home)).toEqual({
        agents: 2,
        roots: [join(home, 'agents', 'agt_1', 'data'), join(home, 'agents', 'agt_2', 'data')],
      });
      expect((await agentDirectories(home, { workspaces: true })).roots).toContain(
        join(home, 'agents', 'agt_2', 'workspace'),
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
