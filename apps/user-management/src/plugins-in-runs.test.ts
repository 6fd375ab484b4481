import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { type FakeNpmRegistry, startFakeNpmRegistry } from '@lifeosai/testkit/fake-npm-registry';
import { claudePluginHelloFolder } from '@lifeosai/testkit/plugin-archives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from './testing/test-stack.ts';

// biome-ignore lint/suspicious/noExplicitAny: events are checked by the assertions.
type Json = any;

/** What the fixture plugin's skill says of itself (its description, listed in the system prompt). */
const skillDescription = 'How to greet someone the way the hello plugin does.';
/** Its MCP server's tool as the model sees it: `mcp__<plugin>-<server>__<tool>`. */
const mcpTool = 'mcp__hello-plugin-hello__hello_secret';
/** What that tool answers. */
const serverText = 'TANGERINE-HARBOR-7319';

/**
 * The plugin flow end to end, through the gateway: the test kit's Claude Code plugin installed
 * from the (fake) npm registry, enabled on a Pi agent, used by a real sandboxed Pi run on the
 * fake LLM (its skill listed to the model, its MCP server's tool called and answering), then
 * uninstalled — the next run has neither.
 */
describe('a Claude Code plugin installed through the gateway, in a Pi agent’s runs', () => {
  let registry: FakeNpmRegistry;
  let stack: TestStack;
  let owner: TestUser;

  beforeAll(async () => {
    registry = await startFakeNpmRegistry();
    registry.publish({ folder: claudePluginHelloFolder });
    stack = await startTestStack('sqlite', { plugins: { npmRegistry: registry.url } });
    owner = await stack.signUp('plugin-owner');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await registry?.close();
  });

  async function run(agentId: string, prompt: string): Promise<{ events: Json[]; requests: string[] }> {
    const before = stack.fake.modelRequests().length;
    const started = await owner.client.post(`/api/agent/agents/${agentId}/runs`, { prompt });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const finished = await stack.waitForRun(owner.client, started.json.id);
    expect(finished.status, JSON.stringify(finished.error)).toBe('succeeded');
    const events = (await owner.client.get(`/api/agent/runs/${started.json.id}/events?limit=1000`)).json
      .items;
    const requests = stack.fake
      .modelRequests()
      .slice(before)
      .map((request) => JSON.stringify(request.body));
    return { events, requests };
  }

  it('loads its skill and calls its MCP server; once uninstalled, neither', async () => {
    const installed = await owner.client.post('/api/plugins', { npm: 'lifeosai-plugin-hello@1.0.0' });
    expect(installed.status, JSON.stringify(installed.json)).toBe(201);
    const pluginId = installed.json.id;
    const created = await owner.client.post('/api/agent/agents', {
      name: 'Greeter',
      adapterType: 'pi',
      plugins: [pluginId],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const agentId = created.json.id;

    stack.fake.on(
      (call) => call.lastUserText.includes('greet-1') && call.lastMessageIsToolResult,
      text('Greeted.'),
    );
    stack.fake.on(
      (call) => call.lastUserText.includes('greet-1') && call.toolNames.includes(mcpTool),
      toolCall({ name: mcpTool, input: {} }),
    );
    const first = await run(agentId, 'Give me a hello-plugin greeting (greet-1).');
    expect(first.events[0]).toMatchObject({
      type: 'status',
      message: expect.stringMatching(
        /^Plugins: hello-plugin@1\.0\.0: skills hello-greeting, wave; MCP servers/,
      ),
    });
    expect(first.requests[0]).toContain(skillDescription);
    expect(first.requests[0]).toContain(mcpTool);
    expect(first.requests.at(-1)).toContain(serverText);

    const removed = await owner.client.request('DELETE', `/api/plugins/${pluginId}`);
    expect(removed.status).toBeLessThan(300);
    expect((await owner.client.get(`/api/agent/agents/${agentId}`)).json.plugins).toEqual([]);
    stack.fake.on((call) => call.lastUserText.includes('greet-2'), text('No plugin here.'));
    const second = await run(agentId, 'Give me a hello-plugin greeting (greet-2).');
    expect(second.events.some((event: Json) => event.message?.startsWith?.('Plugins'))).toBe(false);
    expect(second.requests.join('\n')).not.toContain(skillDescription);
    expect(second.requests.join('\n')).not.toContain(mcpTool);
  }, 120_000);
});
