import { newId, nowIso, toJson } from '@lifeosai/db';
import { archiveChecksum, readPluginArchive } from '@lifeosai/plugins';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { claudePluginHelloFolder, packFolder } from '@lifeosai/testkit/plugin-archives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessCase } from '../testing/harness-cases.ts';
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
 * stdio server) enabled on a Claude Code agent: real runs in the real sandbox on the fake LLM.
 * The Pi case, installed through the gateway's real route, is
 * `apps/user-management/src/plugins-in-runs.test.ts`; another harness joins this table with its
 * label from the harness cases.
 */
describe.each(['claude-code'])('a Claude Code plugin in a %s agent’s runs', (label) => {
  const harness = harnessCase(label);
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
      adapterType: harness.adapterType,
      adapterConfig: harness.adapterConfig,
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
    expect(init.skills.join(' ')).toMatch(/hello-greeting.*wave|wave.*hello-greeting/);
    expect(init.mcp_servers).toContainEqual({ name: 'hello-plugin-hello', status: 'connected' });
    // Which request carries what depends on the runtime (Claude's SDK adds background ones).
    const requests = first.requests.map((request) => JSON.stringify(request));
    expect(requests.some((request) => request.includes(skillDescription))).toBe(true);
    expect(requests.some((request) => request.includes(mcpTool))).toBe(true);
    expect(requests.some((request) => request.includes(serverText))).toBe(true);

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
