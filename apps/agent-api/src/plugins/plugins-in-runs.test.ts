import { newId, nowIso, toJson } from '@lifeosai/db';
import { archiveChecksum, readPluginArchive } from '@lifeosai/plugins';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { claudePluginHelloFolder, packFolder } from '@lifeosai/testkit/plugin-archives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

// biome-ignore lint/suspicious/noExplicitAny: events are checked by the assertions.
type Json = any;

/** What the fixture plugin's skill says of itself (its description, listed in the system prompt). */
const skillDescription = 'How to greet someone the way the hello plugin does.';
/** Its MCP server's tool as the model sees it: `mcp__<plugin>-<server>__<tool>`. */
const mcpTool = 'mcp__hello-plugin-hello__hello_secret';
/** What that tool answers. */
const serverText = 'TANGERINE-HARBOR-7319';

/**
 * A Claude Code plugin (the test kit's fixture: a skill, a command and a dependency-free MCP
 * stdio server) enabled on a Pi agent: real Pi runs in the real sandbox on the fake LLM.
 */
describe('a Claude Code plugin in a Pi agent’s runs', () => {
  let platform: TestPlatform;
  let pluginId: string;
  let agentId: string;

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
    // As the gateway's install stores it: the bundle read by the plugins package, the archive kept.
    const archive = packFolder(claudePluginHelloFolder, 'tgz');
    const bundle = await readPluginArchive(archive);
    pluginId = newId('plg');
    await platform.database.db
      .insertInto('plugins')
      .values({
        id: pluginId,
        orgId: 'org_a',
        name: bundle.manifest.name,
        version: bundle.manifest.version,
        description: bundle.manifest.description,
        format: bundle.manifest.format,
        source: 'upload',
        npmSpec: null,
        checksum: archiveChecksum(archive),
        parts: toJson(bundle.parts),
        configSchema: bundle.manifest.configSchema ? toJson(bundle.manifest.configSchema) : null,
        archive,
        archiveBytes: archive.length,
        createdBy: 'usr_alice',
        createdAt: nowIso(),
      })
      .execute();
    const created = await platform.call('POST', '/api/agent/agents', {
      name: 'Greeter',
      adapterType: 'pi',
      plugins: [pluginId],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    agentId = created.body.id;
  }, 60_000);
  afterAll(() => platform?.close());

  async function run(prompt: string): Promise<{ events: Json[]; requests: Json[] }> {
    const before = platform.fake.modelRequests().length;
    const started = await platform.call('POST', `/api/agent/agents/${agentId}/runs`, { prompt });
    expect(started.status).toBe(202);
    const finished = await platform.waitForRun(started.body.id);
    expect(finished.status, JSON.stringify(finished.error)).toBe('succeeded');
    const events = (await platform.call('GET', `/api/agent/runs/${started.body.id}/events?limit=1000`)).body
      .items;
    return {
      events,
      requests: platform.fake
        .modelRequests()
        .slice(before)
        .map((request) => request.body),
    };
  }

  it('loads its skill and calls its MCP server inside the sandbox; once uninstalled, neither', async () => {
    platform.fake.on(
      (call) => call.lastUserText.includes('greet-1') && call.lastMessageIsToolResult,
      text('Greeted.'),
    );
    platform.fake.on((call) => call.lastUserText.includes('greet-1'), toolCall({ name: mcpTool, input: {} }));
    const first = await run('Give me a hello-plugin greeting (greet-1).');
    expect(first.events[0]).toMatchObject({
      type: 'status',
      status: 'starting',
      message: expect.stringMatching(
        /^Plugins: hello-plugin@1\.0\.0: skills hello-greeting, wave; MCP servers hello-plugin-hello/,
      ),
    });
    const init = first.events.find((event: Json) => event.type === 'system');
    expect(init).toMatchObject({
      skills: expect.arrayContaining(['hello-greeting', 'wave']),
      mcp_servers: [{ name: 'hello-plugin-hello', status: 'connected' }],
    });
    expect(JSON.stringify(first.requests[0])).toContain(skillDescription);
    expect(JSON.stringify(first.requests[0])).toContain(mcpTool);
    expect(JSON.stringify(first.requests.at(-1))).toContain(serverText);

    await platform.database.db.deleteFrom('plugins').where('id', '=', pluginId).execute();
    platform.fake.on((call) => call.lastUserText.includes('greet-2'), text('No plugin here.'));
    const second = await run('Give me a hello-plugin greeting (greet-2).');
    expect(
      second.events.some((event: Json) => event.type === 'status' && event.message?.startsWith('Plugins')),
    ).toBe(false);
    const request = JSON.stringify(second.requests);
    expect(request).not.toContain(skillDescription);
    expect(request).not.toContain(mcpTool);
  });
});
