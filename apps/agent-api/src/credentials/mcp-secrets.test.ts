import { randomBytes } from 'node:crypto';
import { testDialects } from '@lifeosai/testkit/databases';
import { text } from '@lifeosai/testkit/fake-llm';
import { type HttpMcpFixture, startHttpMcpServer } from '@lifeosai/testkit/mcp-http-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../http/identity.ts';
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { resolveMcpSecrets } from './mcp-secrets.ts';

describe('resolveMcpSecrets', () => {
  const lookup = async (name: string) => (name === 'gh' ? 'ghp_value' : undefined);

  it('replaces secret: values of env and headers, and leaves plain values as they are', async () => {
    const resolved = await resolveMcpSecrets(
      {
        github: { type: 'stdio', command: 'gh-mcp', env: { TOKEN: 'secret:gh', MODE: 'read' } },
        docs: { type: 'http', url: 'http://127.0.0.1:1/mcp', headers: { authorization: 'secret:gh' } },
      },
      lookup,
    );
    expect(resolved).toEqual({
      github: { type: 'stdio', command: 'gh-mcp', env: { TOKEN: 'ghp_value', MODE: 'read' } },
      docs: { type: 'http', url: 'http://127.0.0.1:1/mcp', headers: { authorization: 'ghp_value' } },
    });
  });

  it("puts a granted connection's token where connection:ID (or Bearer connection:ID) is, and refuses one not granted", async () => {
    const tokens = (id: string) => (id === 'oac_1' ? 'gho_fresh_token' : undefined);
    const resolved = await resolveMcpSecrets(
      {
        gh: { type: 'stdio', command: 'gh-mcp', env: { GH_TOKEN: 'connection:oac_1' } },
        api: {
          type: 'http',
          url: 'http://127.0.0.1:1/mcp',
          headers: { authorization: 'Bearer connection:oac_1' },
        },
      },
      lookup,
      tokens,
    );
    expect(resolved.gh).toMatchObject({ env: { GH_TOKEN: 'gho_fresh_token' } });
    expect(resolved.api).toMatchObject({ headers: { authorization: 'Bearer gho_fresh_token' } });
    await expect(
      resolveMcpSecrets(
        { gh: { type: 'stdio', command: 'x', env: { T: 'connection:oac_2' } } },
        lookup,
        tokens,
      ),
    ).rejects.toMatchObject({
      code: 'CONNECTION_NOT_FOUND',
      message: expect.stringContaining('"gh" uses the connection oac_2 (in env.T)'),
    });
  });

  it('names the missing secret and the server that needs it', async () => {
    await expect(
      resolveMcpSecrets(
        { docs: { type: 'http', url: 'http://x/mcp', headers: { 'x-key': 'secret:missing' } } },
        lookup,
      ),
    ).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
      message: expect.stringMatching(
        /MCP server "docs" needs the organization secret "missing" \(in headers\.x-key\)/,
      ),
    });
  });
});

describe.each(testDialects)("an agent's MCP secrets on %s", (dialect) => {
  let platform: TestPlatform;
  let mcp: HttpMcpFixture;
  beforeAll(async () => {
    // The operator allows the MCP server's port, as anyone running one on their machine would.
    mcp = await startHttpMcpServer();
    platform = await startTestPlatform(dialect, {
      sandboxReachablePorts: [new URL(mcp.url).port].map(Number),
    });
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await mcp?.[Symbol.asyncDispose]();
  });

  const identity = (): Identity => ({
    userId: 'usr_mcp',
    orgId: `org_mcp_${randomBytes(3).toString('hex')}`,
    role: 'owner',
  });
  const agentWith = (headers: Record<string, string>, url: string, who: Identity) =>
    platform.call(
      'POST',
      '/api/agent/agents',
      {
        name: 'mcp',
        adapterType: 'pi',
        adapterConfig: { model: 'claude-sonnet-4-6', mcpServers: { docs: { type: 'http', url, headers } } },
      },
      who,
    );

  it('resolves secret: headers when the run starts, for that run only', async () => {
    const who = identity();
    const value = `Bearer mcp-${randomBytes(6).toString('hex')}`;
    await platform.secrets.create(who.orgId, 'docs-token', value, who.userId);
    const agent = (await agentWith({ authorization: 'secret:docs-token' }, mcp.url, who)).body;
    expect(agent.adapterConfig.mcpServers.docs.headers).toEqual({ authorization: 'secret:docs-token' });
    platform.fake.script(text('Connected.'));
    const run = (await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'hi' }, who))
      .body;
    expect((await platform.waitForRun(run.id, who)).status).toBe('succeeded');
    expect(mcp.headers.length).toBeGreaterThan(0);
    expect(mcp.headers.every((headers) => headers.authorization === value)).toBe(true);
    expect(JSON.stringify(await platform.streamRun(run.id, who))).not.toContain(value);
  }, 120_000);

  it('fails the run at its start, naming a secret that does not exist', async () => {
    await using mcp = await startHttpMcpServer();
    const who = identity();
    const agent = (await agentWith({ authorization: 'secret:never-created' }, mcp.url, who)).body;
    const requests = platform.fake.modelRequests().length;
    const run = (await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt: 'hi' }, who))
      .body;
    const finished = await platform.waitForRun(run.id, who);
    expect(finished).toMatchObject({
      status: 'failed',
      error: { code: 'SECRET_NOT_FOUND', message: expect.stringContaining('"never-created"') },
    });
    const events = await platform.streamRun(run.id, who);
    expect(events.map((event) => event.type)).toEqual(['error', 'result']);
    expect(events[1]).toMatchObject({ is_error: true, error_class: 'spawn_failed' });
    expect(platform.fake.modelRequests().length).toBe(requests);
    expect(mcp.headers).toEqual([]);
  });

  it.each([
    [{ env: { TOKEN: 'env:ANTHROPIC_API_KEY' } }, 'adapterConfig.mcpServers.tool.env.TOKEN'],
    [
      { headers: { authorization: 'env:LIFEOSAI_MASTER_KEY' } },
      'adapterConfig.mcpServers.tool.headers.authorization',
    ],
  ])('refuses env: references with a 400 that says why (%#)', async (values, field) => {
    const server =
      'env' in values
        ? { type: 'stdio', command: 'node', ...values }
        : { type: 'http', url: 'http://127.0.0.1:1/mcp', ...values };
    const response = await platform.call('POST', '/api/agent/agents', {
      name: 'leaky',
      adapterType: 'pi',
      adapterConfig: { mcpServers: { tool: server } },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_ADAPTER_CONFIG');
    expect(response.body.error.message).toContain(field);
    expect(response.body.error.message).toMatch(/env: references are refused.*secret:NAME/);
  });
});
