import { newId, nowIso, toJson } from '@lifeosai/db';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

/** A plugin row as the gateway's install stores it (the archive is not read when an agent is saved). */
async function insertPlugin(
  platform: TestPlatform,
  orgId: string,
  configSchema: Record<string, unknown> | null,
): Promise<string> {
  const id = newId('plg');
  await platform.database.db
    .insertInto('plugins')
    .values({
      id,
      orgId,
      name: `review-${id.slice(-6).toLowerCase()}`,
      version: '1.0.0',
      description: null,
      format: 'claude-code',
      source: 'upload',
      npmSpec: null,
      checksum: 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      parts: toJson({ skills: [], mcpServers: {}, instructions: [], commands: [] }),
      configSchema: configSchema ? toJson(configSchema) : null,
      archive: new Uint8Array([1]),
      archiveBytes: 1,
      createdBy: 'usr_alice',
      createdAt: nowIso(),
    })
    .execute();
  return id;
}

const schema = {
  type: 'object',
  properties: { apiUrl: { type: 'string', format: 'uri' }, depth: { type: 'integer', minimum: 1 } },
  required: ['apiUrl'],
  additionalProperties: false,
};

describe.each(testDialects)("an agent's plugins are checked as it is saved on %s", (dialect) => {
  let platform: TestPlatform;
  const ids = { configured: '', plain: '', foreign: '' };
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
    ids.configured = await insertPlugin(platform, 'org_a', schema);
    ids.plain = await insertPlugin(platform, 'org_a', null);
    ids.foreign = await insertPlugin(platform, 'org_b', null);
  }, 60_000);
  afterAll(() => platform?.close());

  const agent = (plugins: string[], pluginConfig?: Record<string, unknown>) => ({
    name: 'With plugins',
    adapterType: 'pi',
    adapterConfig: pluginConfig ? { pluginConfig } : {},
    plugins,
  });

  it("refuses an unknown or another organization's plugin as not found", async () => {
    for (const id of ['plg_missing', ids.foreign]) {
      const created = await platform.call('POST', '/api/agent/agents', agent([id]));
      expect(created.status).toBe(404);
      expect(created.body.error.code).toBe('PLUGIN_NOT_FOUND');
      expect(created.body.error.message).toContain(id);
    }
  });

  it("checks each plugin's config against its schema, naming the field", async () => {
    const missing = await platform.call('POST', '/api/agent/agents', agent([ids.configured]));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'INVALID_ADAPTER_CONFIG' });
    expect(missing.body.error.message).toMatch(
      new RegExp(`^adapterConfig\\.pluginConfig\\.${ids.configured}\\.apiUrl: `),
    );
    const created = await platform.call(
      'POST',
      '/api/agent/agents',
      agent([ids.configured, ids.plain], { [ids.configured]: { apiUrl: 'https://api.example.com' } }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.plugins).toEqual([ids.configured, ids.plain]);
    const patched = await platform.call('PATCH', `/api/agent/agents/${created.body.id}`, {
      adapterConfig: { pluginConfig: { [ids.configured]: { apiUrl: 'https://api.example.com', depth: 0 } } },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toContain(`adapterConfig.pluginConfig.${ids.configured}.depth`);
    const renamed = await platform.call('PATCH', `/api/agent/agents/${created.body.id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
  });
});
