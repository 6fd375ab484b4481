import { randomBytes } from 'node:crypto';
import { testDialects } from '@lifeosai/testkit/databases';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

// biome-ignore lint/suspicious/noExplicitAny: agents and events are checked by the assertions.
type Json = any;

/** An agent with every kind of setting, including a rule that makes the shell ask a person. */
const fullAgent = {
  name: 'Careful',
  instructions: 'Ask before running commands.',
  adapterType: 'pi',
  adapterConfig: {
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
    mcpServers: {
      docs: { type: 'http', url: 'https://docs.example.com/mcp', headers: { 'X-Team': 'blue' } },
      files: { type: 'stdio', command: 'files-mcp', args: ['--read-only'], env: { ROOT: '/data' } },
    },
    skills: ['skills/review'],
    permissions: {
      mode: 'allow',
      rules: [
        { tool: 'bash', behavior: 'ask' },
        { tool: 'write', behavior: 'deny' },
      ],
      askTimeoutMs: 60_000,
    },
  },
  heartbeat: {
    enabled: true,
    intervalSec: 900,
    activeHours: { start: '08:00', end: '18:00', timezone: 'Europe/Paris' },
    prompt: 'Check the inbox.',
  },
  limits: { maxConcurrentRuns: 3, runTimeoutSec: 600, monthlyBudgetUsd: 25 },
};

describe.each(testDialects)('PATCH /agents/:id is a JSON merge patch on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
  }, 60_000);
  afterAll(() => platform?.close());

  const create = async (): Promise<Json> => {
    const created = await platform.call('POST', '/api/agent/agents', fullAgent);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const patch = (id: string, body: unknown) => platform.call('PATCH', `/api/agent/agents/${id}`, body);
  const read = async (id: string): Promise<Json> =>
    (await platform.call('GET', `/api/agent/agents/${id}`)).body;
  const withoutTimes = ({ updatedAt: _updatedAt, ...agent }: Json) => agent;

  it('a rename keeps every other setting, and the next run still asks before using the shell', async () => {
    const before = await create();
    const renamed = await patch(before.id, { name: 'Careful, renamed' });
    expect(renamed.status).toBe(200);
    expect(withoutTimes(renamed.body)).toEqual({ ...withoutTimes(before), name: 'Careful, renamed' });
    expect(withoutTimes(await read(before.id))).toEqual(withoutTimes(renamed.body));

    const marker = `shell-${randomBytes(4).toString('hex')}`;
    platform.fake.on(
      (call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult,
      text('Done.'),
    );
    platform.fake.on(
      (call) => call.lastUserText.includes(marker),
      toolCall({ name: 'bash', input: { command: 'echo hi' } }),
    );
    const run = await platform.call('POST', `/api/agent/agents/${before.id}/runs`, {
      prompt: `run it ${marker}`,
    });
    expect(run.status).toBe(202);
    await expect
      .poll(
        async () =>
          (await platform.call('GET', `/api/agent/runs/${run.body.id}/events?limit=1000`)).body.items.find(
            (event: Json) => event.type === 'permission_request',
          ),
        { timeout: 30_000, interval: 100 },
      )
      .toMatchObject({ toolName: 'bash' });
    await platform.call('POST', `/api/agent/runs/${run.body.id}/cancel`);
  });

  it('null removes an optional field (back to its default); other fields stay', async () => {
    const agent = await create();
    const changed = await patch(agent.id, {
      instructions: null,
      heartbeat: null,
      limits: { monthlyBudgetUsd: null, runTimeoutSec: null },
      adapterConfig: { model: null, skills: null },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const { model: _model, skills: _skills, ...configKept } = agent.adapterConfig;
    expect(withoutTimes(changed.body)).toEqual({
      ...withoutTimes(agent),
      instructions: '',
      heartbeat: null,
      // Without a heartbeat nothing wakes it on its own.
      nextWakeAt: null,
      limits: { maxConcurrentRuns: 3, runTimeoutSec: 1800, monthlyBudgetUsd: null },
      adapterConfig: configKept,
    });
  });

  it('a nested patch changes one setting: one rule list, one MCP server, one heartbeat field', async () => {
    const agent = await create();
    const changed = await patch(agent.id, {
      adapterConfig: {
        permissions: { rules: [{ tool: 'bash', behavior: 'deny' }] },
        mcpServers: { files: null, docs: { headers: { 'X-Team': 'red' } } },
      },
      heartbeat: { intervalSec: 1800 },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.adapterConfig.permissions).toEqual({
      mode: 'allow',
      rules: [{ tool: 'bash', behavior: 'deny' }],
      askTimeoutMs: 60_000,
    });
    expect(changed.body.adapterConfig.mcpServers).toEqual({
      docs: { type: 'http', url: 'https://docs.example.com/mcp', headers: { 'X-Team': 'red' } },
    });
    expect(changed.body.heartbeat).toEqual({ ...fullAgent.heartbeat, intervalSec: 1800 });
    expect(changed.body.adapterConfig.skills).toEqual(['skills/review']);
    expect(changed.body.limits).toEqual(fullAgent.limits);
  });

  it('refuses a patch whose result a create would refuse, and changes nothing', async () => {
    const agent = await create();
    const refusals: [unknown, RegExp][] = [
      [{ name: null }, /^name: /],
      [{ name: 'Two\u202eFaces' }, /^name: .*invisible formatting/],
      [{ heartbeat: { cron: '0 9 * * *' } }, /intervalSec or cron, not both/],
      [{ adapterConfig: { permissions: { mode: 'sometimes' } } }, /^adapterConfig\.permissions\.mode: /],
      [{ adapterConfig: { permissions: { rules: [{ tool: 'ba\u0000sh', behavior: 'ask' }] } } }, /NUL/],
      [{ colour: 'red' }, /colour/],
      [{ status: 'sleeping' }, /^status: /],
      [[{ op: 'replace', path: '/name', value: 'x' }], /JSON merge patch/],
      ['rename me', /JSON merge patch/],
    ];
    for (const [body, message] of refusals) {
      const refused = await patch(agent.id, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.message).toMatch(message);
    }
    expect(await read(agent.id)).toEqual(agent);
  });

  it('pauses and resumes through a patch of status alone', async () => {
    const agent = await create();
    const paused = await patch(agent.id, { status: 'paused' });
    expect(paused.body).toMatchObject({ status: 'paused', pausedReason: 'Paused by a user.' });
    const again = await patch(agent.id, { name: 'Still paused' });
    expect(again.body).toMatchObject({ status: 'paused', pausedReason: 'Paused by a user.' });
    const resumed = await patch(agent.id, { status: 'active' });
    expect(resumed.body).toMatchObject({ status: 'active', pausedReason: null });
    expect(withoutTimes(resumed.body)).toEqual({ ...withoutTimes(agent), name: 'Still paused' });
  });
});
