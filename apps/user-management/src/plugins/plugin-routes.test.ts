import { pluginListSchema, pluginSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { type FakeNpmRegistry, startFakeNpmRegistry } from '@lifeosai/testkit/fake-npm-registry';
import {
  claudePluginHelloFolder,
  folderEntries,
  packFolder,
  tarGz,
  zip,
} from '@lifeosai/testkit/plugin-archives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

const lifeosaiPlugin = (version: string) =>
  zip([
    {
      path: 'lifeosai-plugin.json',
      data: JSON.stringify({
        name: 'house-style',
        version,
        parts: { instructions: ['STYLE.md'] },
        configSchema: { type: 'object', properties: { tone: { type: 'string' } } },
      }),
    },
    { path: 'STYLE.md', data: 'Write plainly.' },
  ]);

describe.each(testDialects)('/api/plugins on %s', (dialect) => {
  let stack: TestStack;
  let registry: FakeNpmRegistry;
  let owner: TestUser;

  beforeAll(async () => {
    registry = await startFakeNpmRegistry();
    registry.publish({ folder: claudePluginHelloFolder });
    // Version 1.1.0 of the package says 1.1.0 in its plugin.json too.
    const entries = folderEntries(claudePluginHelloFolder, 'package/').map((entry) =>
      entry.path === 'package/.claude-plugin/plugin.json'
        ? { ...entry, data: JSON.stringify({ name: 'hello-plugin', version: '1.1.0' }) }
        : entry,
    );
    registry.publish({ tarball: tarGz(entries), name: 'lifeosai-plugin-hello', version: '1.1.0' });
    registry.publish({
      folder: claudePluginHelloFolder,
      name: 'forged-plugin',
      integrity: `sha512-${'A'.repeat(86)}==`,
    });
    stack = await startTestStack(dialect, {
      plugins: { npmRegistry: registry.url, maxArchiveBytes: 64 * 1024 },
    });
    owner = await stack.signUp('PluginOwner');
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await registry?.close();
  });

  it('installs an uploaded .tgz (multipart) and a raw .zip body, and refuses the same version twice', async () => {
    const tgz = packFolder(claudePluginHelloFolder, 'tgz') as Uint8Array<ArrayBuffer>;
    const uploaded = await owner.client.upload('/api/plugins', 'hello.tgz', tgz, 'application/gzip');
    expect(uploaded.status).toBe(201);
    expectContract(pluginSchema, uploaded.json);
    expect(uploaded.json).toMatchObject({
      name: 'hello-plugin',
      version: '1.0.0',
      format: 'claude-code',
      source: 'upload',
      npmSpec: null,
      checksum: expect.stringMatching(/^sha256-/),
      parts: { skills: ['hello-greeting'], mcpServers: ['hello'], commands: ['wave'], instructions: false },
      configSchema: null,
      agents: [],
    });
    const raw = await owner.client.request('POST', '/api/plugins', {
      headers: { 'content-type': 'application/zip' },
      raw: lifeosaiPlugin('1.0.0') as Uint8Array<ArrayBuffer>,
    });
    expect(raw.status).toBe(201);
    expect(raw.json).toMatchObject({
      name: 'house-style',
      format: 'lifeosai',
      parts: { instructions: true },
    });
    expect(raw.json.configSchema).toEqual({ type: 'object', properties: { tone: { type: 'string' } } });
    const again = await owner.client.upload(
      '/api/plugins',
      'hello.zip',
      packFolder(claudePluginHelloFolder, 'zip') as Uint8Array<ArrayBuffer>,
    );
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('PLUGIN_EXISTS');
  });

  it('installs name@version from the npm registry, verified, and refuses a forged integrity', async () => {
    const installed = await owner.client.post('/api/plugins', { npm: 'lifeosai-plugin-hello@1.1.0' });
    expect(installed.status).toBe(201);
    expect(installed.json).toMatchObject({
      name: 'hello-plugin',
      version: '1.1.0',
      source: 'npm',
      npmSpec: 'lifeosai-plugin-hello@1.1.0',
    });
    const forged = await owner.client.post('/api/plugins', { npm: 'forged-plugin@1.0.0' });
    expect(forged.status).toBe(502);
    expect(forged.json.error).toMatchObject({
      code: 'PLUGIN_FETCH_FAILED',
      message: expect.stringMatching(/integrity/),
    });
    const missing = await owner.client.post('/api/plugins', { npm: 'lifeosai-plugin-hello@9.0.0' });
    expect(missing.json.error.code).toBe('PLUGIN_FETCH_FAILED');
    const range = await owner.client.post('/api/plugins', { npm: 'lifeosai-plugin-hello@^1.0.0' });
    expect(range.status).toBe(400);
  });

  it('refuses hostile and oversized archives with 400 and 413, storing nothing', async () => {
    const before = (await owner.client.get('/api/plugins')).json.items.length;
    const hostile = [
      tarGz([
        { path: 'package/.claude-plugin/plugin.json', data: '{"name":"x","version":"1.0.0"}' },
        { path: 'package/evil', type: 'SymbolicLink', linkpath: '/etc/passwd' },
      ]),
      zip([
        { path: 'lifeosai-plugin.json', data: '{"name":"x","version":"1.0.0"}' },
        { path: '../../evil', data: 'x' },
      ]),
      new TextEncoder().encode('not an archive at all'),
    ];
    for (const archive of hostile) {
      const refused = await owner.client.upload(
        '/api/plugins',
        'evil.tgz',
        archive as Uint8Array<ArrayBuffer>,
      );
      expect(refused.status).toBe(400);
      expect(refused.json.error.code).toBe('PLUGIN_INVALID');
    }
    const big = new Uint8Array(70 * 1024).fill(7);
    const tooLarge = await owner.client.upload('/api/plugins', 'big.tgz', big);
    expect(tooLarge.status).toBe(413);
    const tooLargeRaw = await owner.client.request('POST', '/api/plugins', {
      headers: { 'content-type': 'application/octet-stream' },
      raw: big,
    });
    expect(tooLargeRaw.status).toBe(413);
    expect((await owner.client.get('/api/plugins')).json.items).toHaveLength(before);
  });

  it('lists plugins with the agents enabling each; uninstalling removes it from every agent', async () => {
    const list = await owner.client.get('/api/plugins');
    expectContract(pluginListSchema, list.json);
    const hello = list.json.items.find(
      (plugin: { npmSpec: string | null; name: string }) =>
        plugin.npmSpec === null && plugin.name === 'hello-plugin',
    );
    const style = list.json.items.find((plugin: { name: string }) => plugin.name === 'house-style');
    const agent = await owner.client.post('/api/agent/agents', {
      name: 'uses plugins',
      adapterType: 'pi',
      plugins: [hello.id, style.id],
      adapterConfig: { pluginConfig: { [style.id]: { tone: 'dry' }, [hello.id]: {} } },
    });
    expect(agent.status).toBe(201);
    const listed = (await owner.client.get('/api/plugins')).json.items;
    expect(listed.find((plugin: { id: string }) => plugin.id === hello.id).agents).toEqual([
      { id: agent.json.id, name: 'uses plugins' },
    ]);

    expect((await owner.client.delete(`/api/plugins/${hello.id}`)).status).toBe(204);
    const after = (await owner.client.get(`/api/agent/agents/${agent.json.id}`)).json;
    expect(after.plugins).toEqual([style.id]);
    expect(after.adapterConfig.pluginConfig).toEqual({ [style.id]: { tone: 'dry' } });
    expect(
      (await owner.client.get('/api/plugins')).json.items.map((plugin: { id: string }) => plugin.id),
    ).not.toContain(hello.id);

    expect((await owner.client.delete(`/api/plugins/${style.id}`)).status).toBe(204);
    const cleared = (await owner.client.get(`/api/agent/agents/${agent.json.id}`)).json;
    expect(cleared.plugins).toEqual([]);
    expect(cleared.adapterConfig.pluginConfig).toBeUndefined();
    const gone = await owner.client.delete(`/api/plugins/${style.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('PLUGIN_NOT_FOUND');
  });
});
