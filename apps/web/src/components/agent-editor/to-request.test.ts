import { describe, expect, it } from 'vitest';
import type { Agent, Harness } from '../../lib/api.ts';
import { type AgentDraft, draftFromAgent, emptyDraft, emptyMcpServer, newRowId } from './draft.ts';
import { toAgentPatch, toAgentRequest } from './to-request.ts';

/** `GET /api/agent/harnesses` as the editor gets it, reduced to what the request builder reads. */
const harnesses: Harness[] = [
  {
    id: 'pi',
    displayName: 'Pi',
    description: 'Pi.',
    capabilities: {},
    providers: [
      { id: 'anthropic', label: 'Anthropic' },
      { id: 'openai', label: 'OpenAI-compatible' },
    ],
    models: [],
    configFields: [{ key: 'provider', label: 'Provider', kind: 'provider' }],
  },
  {
    id: 'claude-code',
    displayName: 'Claude Code',
    description: 'Claude Code.',
    capabilities: {},
    providers: [{ id: 'anthropic', label: 'Anthropic' }],
    models: [],
    configFields: [{ key: 'model', label: 'Model', kind: 'model' }],
  },
];
const create = { editing: false, keepOtherHarnessConfig: false, harnesses };
const edit = { editing: true, keepOtherHarnessConfig: true, harnesses };

function draft(change: Partial<AgentDraft> = {}): AgentDraft {
  return { ...emptyDraft(), timezone: 'UTC', ...change };
}

const stored: Agent = {
  id: 'agt_1',
  name: 'Reviewer',
  instructions: 'Review pull requests.',
  adapterType: 'claude-code',
  adapterConfig: {
    model: 'claude-haiku-4-5',
    maxTurns: 8,
    mcpServers: {
      files: {
        type: 'stdio',
        command: 'npx',
        args: ['-y', 'server files'],
        env: { ROOT: '/w', MODE: 'a=b' },
      },
      search: { type: 'http', url: 'https://mcp.example.com/', headers: { 'X-Team': 'core' } },
    },
    skills: ['skills/review'],
    permissions: { mode: 'ask', rules: [{ tool: 'Bash', behavior: 'deny' }], askTimeoutMs: 60_000 },
  },
  heartbeat: {
    enabled: true,
    cron: '0 9 * * 1-5',
    activeHours: { start: '08:00', end: '20:00', timezone: 'Europe/Paris' },
    prompt: 'Check the inbox.',
  },
  limits: { maxConcurrentRuns: 2, runTimeoutSec: 600, monthlyBudgetUsd: 25 },
  visibility: 'private',
  plugins: [],
  status: 'active',
  pausedReason: null,
  activity: { state: 'idle', activeRuns: 0, pendingPermissions: 0 },
  nextWakeAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('toAgentRequest', () => {
  it('creates a basic agent with only what was filled in, so the API defaults apply', () => {
    expect(toAgentRequest(draft({ name: '  Helper ', provider: 'openai' }), create)).toEqual({
      ok: true,
      body: { name: 'Helper', adapterType: 'pi', adapterConfig: { provider: 'openai' } },
    });
  });

  it('builds every section: MCP servers, skills, permissions, heartbeat, limits and budget', () => {
    const result = toAgentRequest(
      draft({
        harness: 'claude-code',
        model: 'claude-haiku-4-5',
        instructions: 'Be brief.',
        mcpServers: [
          {
            ...emptyMcpServer(),
            name: 'files',
            command: 'npx',
            args: '-y\n\nserver files\n',
            env: 'ROOT=/w\nMODE=a=b',
          },
          {
            ...emptyMcpServer(),
            name: 'search',
            type: 'http',
            url: 'https://mcp.example.com/',
            headers: 'X-Team: core',
          },
        ],
        skills: [
          { rowId: newRowId(), path: 'skills/review/' },
          { rowId: newRowId(), path: '  ' },
        ],
        permissionMode: 'ask',
        permissionRules: [{ rowId: newRowId(), tool: 'Bash', behavior: 'deny' }],
        askTimeoutSec: '60',
        heartbeatMode: 'interval',
        intervalMinutes: '15',
        activeHoursOn: true,
        activeStart: '22:00',
        activeEnd: '06:00',
        timezone: 'Europe/Paris',
        heartbeatPrompt: ' Check the inbox. ',
        maxConcurrentRuns: '3',
        runTimeoutSec: '900',
        monthlyBudgetUsd: '12.5',
      }),
      create,
    );
    expect(result).toEqual({
      ok: true,
      body: {
        name: 'My agent',
        instructions: 'Be brief.',
        adapterType: 'claude-code',
        adapterConfig: {
          model: 'claude-haiku-4-5',
          mcpServers: {
            files: {
              type: 'stdio',
              command: 'npx',
              args: ['-y', 'server files'],
              env: { ROOT: '/w', MODE: 'a=b' },
            },
            search: { type: 'http', url: 'https://mcp.example.com/', headers: { 'X-Team': 'core' } },
          },
          skills: ['skills/review'],
          permissions: { mode: 'ask', rules: [{ tool: 'Bash', behavior: 'deny' }], askTimeoutMs: 60_000 },
        },
        heartbeat: {
          enabled: true,
          intervalSec: 900,
          activeHours: { start: '22:00', end: '06:00', timezone: 'Europe/Paris' },
          prompt: 'Check the inbox.',
        },
        limits: { maxConcurrentRuns: 3, runTimeoutSec: 900, monthlyBudgetUsd: 12.5 },
      },
    });
  });

  it('round-trips a stored agent unchanged, keeping harness settings the form does not show', () => {
    const result = toAgentRequest(draftFromAgent(stored), edit);
    expect(result).toEqual({
      ok: true,
      body: {
        name: stored.name,
        instructions: stored.instructions,
        adapterType: stored.adapterType,
        adapterConfig: stored.adapterConfig,
        heartbeat: stored.heartbeat,
        limits: stored.limits,
        visibility: stored.visibility,
        plugins: stored.plugins,
      },
    });
  });

  it('on edit, sends what was emptied: no budget, heartbeat off, no MCP servers, default limits', () => {
    const result = toAgentRequest(
      {
        ...draftFromAgent(stored),
        mcpServers: [],
        heartbeatMode: 'off',
        monthlyBudgetUsd: '',
        maxConcurrentRuns: '',
        runTimeoutSec: ' ',
      },
      { editing: true, keepOtherHarnessConfig: false, harnesses },
    );
    expect(result.ok && result.body).toMatchObject({
      adapterConfig: {
        model: 'claude-haiku-4-5',
        skills: ['skills/review'],
        permissions: stored.adapterConfig.permissions,
      },
      heartbeat: null,
      limits: { maxConcurrentRuns: 1, runTimeoutSec: 1800, monthlyBudgetUsd: null },
    });
    expect(result.ok && Object.keys(result.body.adapterConfig).sort()).toEqual([
      'model',
      'permissions',
      'skills',
    ]);
  });

  it('on edit, the PATCH is a merge patch: nothing for an unchanged agent', () => {
    const result = toAgentRequest(draftFromAgent(stored), edit);
    expect(result.ok && toAgentPatch(stored, result.body)).toEqual({});
  });

  it('grants connections ticked in the picker, and on edit unticking the last one sends null', () => {
    const created = toAgentRequest(
      { ...emptyDraft(), name: 'A', harness: 'pi', connections: ['oac_1'] },
      create,
    );
    expect(created.ok && created.body.connections).toEqual(['oac_1']);
    const granted: Agent = { ...stored, connections: ['oac_1', 'oac_2'] };
    const unticked = toAgentRequest({ ...draftFromAgent(granted), connections: ['oac_2'] }, edit);
    expect(unticked.ok && toAgentPatch(granted, unticked.body, edit)).toEqual({ connections: ['oac_2'] });
    const none = toAgentRequest({ ...draftFromAgent(granted), connections: [] }, edit);
    expect(none.ok && toAgentPatch(granted, none.body, edit)).toEqual({ connections: null });
  });

  it('on edit, a setting the person did not touch is never sent, even one the form writes differently', () => {
    const unusual: Agent = {
      ...stored,
      adapterConfig: {
        ...stored.adapterConfig,
        // The defaults spelled out, an MCP server key the form has no input for.
        permissions: { mode: 'allow', rules: [], askTimeoutMs: 300_000 },
        mcpServers: { files: { type: 'stdio', command: 'npx', args: [], env: {}, timeoutMs: 5000 } },
      },
      // A heartbeat turned off keeps its schedule for when it is turned on again.
      heartbeat: { enabled: false, intervalSec: 900 },
    };
    const result = toAgentRequest(
      { ...draftFromAgent(unusual), name: 'Renamed', visibility: 'organization' },
      edit,
    );
    expect(result.ok && toAgentPatch(unusual, result.body, edit)).toEqual({
      name: 'Renamed',
      visibility: 'organization',
    });
  });

  it('on edit, the PATCH names what changed and sends null for what was removed', () => {
    const result = toAgentRequest(
      {
        ...draftFromAgent(stored),
        name: 'Reviewer 2',
        mcpServers: draftFromAgent(stored).mcpServers.filter((server) => server.name !== 'search'),
        permissionRules: [],
        heartbeatMode: 'off',
        monthlyBudgetUsd: '',
      },
      edit,
    );
    expect(result.ok && toAgentPatch(stored, result.body)).toEqual({
      name: 'Reviewer 2',
      adapterConfig: { mcpServers: { search: null }, permissions: { rules: [] } },
      heartbeat: null,
      limits: { monthlyBudgetUsd: null },
    });
  });

  it('sends the enabled plugins and the config of each, naming a config that is not a JSON object', () => {
    const draft = { ...draftFromAgent(stored), plugins: ['plg_a', 'plg_b'] };
    const good = toAgentRequest(
      { ...draft, pluginConfig: { plg_a: '{"depth": 2}', plg_c: '{"x": 1}' } },
      edit,
    );
    expect(good.ok && good.body.plugins).toEqual(['plg_a', 'plg_b']);
    expect(good.ok && good.body.adapterConfig.pluginConfig).toEqual({ plg_a: { depth: 2 } });
    const bad = toAgentRequest({ ...draft, pluginConfig: { plg_a: '{depth', plg_b: '[1]' } }, edit);
    expect(!bad.ok && bad.errors).toMatchObject({
      'pluginConfig.plg_a': expect.stringMatching(/not valid JSON/),
      'pluginConfig.plg_b': expect.stringMatching(/JSON object/),
    });
  });

  it('names each bad field with a sentence a person can act on', () => {
    const files = { ...emptyMcpServer(), name: 'my files', command: ' ', env: 'NOEQUALS' };
    const web = { ...emptyMcpServer(), name: 'web', type: 'http' as const, url: 'ftp://x', headers: ': v' };
    const twin = { ...emptyMcpServer(), name: 'web', command: 'srv' };
    const skill = { rowId: newRowId(), path: '../outside' };
    const rule = { rowId: newRowId(), tool: ' ', behavior: 'ask' as const };
    const result = toAgentRequest(
      draft({
        name: ' ',
        mcpServers: [files, web, twin],
        skills: [skill],
        permissionRules: [rule],
        askTimeoutSec: '0',
        heartbeatMode: 'cron',
        cron: '0 25 * * *',
        activeHoursOn: true,
        activeStart: '9:00',
        activeEnd: '18:00',
        timezone: 'Mars/Olympus',
        maxConcurrentRuns: '1.5',
        runTimeoutSec: '100000',
        monthlyBudgetUsd: '-3',
      }),
      create,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Give the agent a name.',
        [`mcp.${files.rowId}.name`]: 'Use 1–64 letters, digits, _ or - (no spaces).',
        [`mcp.${files.rowId}.command`]: 'Enter the command that starts the server.',
        [`mcp.${files.rowId}.env`]: 'Line 1: expected KEY=value.',
        [`mcp.${web.rowId}.url`]: 'Enter an http:// or https:// URL.',
        [`mcp.${web.rowId}.headers`]: 'Line 1: expected Header-Name: value.',
        [`mcp.${twin.rowId}.name`]: 'Another server is already named web.',
        [`skills.${skill.rowId}`]:
          'Give a folder inside the workspace, e.g. skills/review (no leading / or ..).',
        [`rules.${rule.rowId}.tool`]: 'Enter a tool name, e.g. Bash, or remove the rule.',
        askTimeoutSec: 'Enter a whole number from 1 to 3600.',
        cron: 'Hour: 25 is out of range 0–23.',
        activeStart: 'Enter a time as HH:MM (24-hour).',
        timezone: 'Enter an IANA time zone such as Europe/Paris or UTC.',
        maxConcurrentRuns: 'Enter a whole number from 1 to 100.',
        runTimeoutSec: 'Enter a whole number from 1 to 86400.',
        monthlyBudgetUsd: 'Enter an amount in US dollars (0 or more), or leave it empty for no budget.',
      },
    });
  });

  it('refuses an interval under a minute and an empty window of active hours', () => {
    const result = toAgentRequest(
      draft({ heartbeatMode: 'interval', intervalMinutes: '0.1', activeHoursOn: true, activeEnd: '09:00' }),
      create,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        intervalMinutes: 'Enter a number of minutes from 1 to 10080 (a week).',
        activeEnd: 'The end must differ from the start (an end before the start spans midnight).',
      },
    });
  });
});

describe('harness settings from the harness metadata', () => {
  const acp: Harness = {
    id: 'acp',
    displayName: 'ACP agent',
    description: 'Any ACP agent.',
    capabilities: {},
    providers: [{ id: 'anthropic', label: 'Anthropic' }],
    models: [],
    configFields: [
      {
        key: 'agent',
        label: 'Agent',
        kind: 'choice',
        choices: ['claude-agent-acp', 'gemini'],
        required: true,
      },
      { key: 'maxRetries', label: 'Retries', kind: 'integer', min: 0, max: 10, default: 2 },
      { key: 'baseUrl', label: 'Base URL', kind: 'url' },
      { key: 'flags', label: 'Flags', kind: 'text-list' },
    ],
  };
  const withAcp = { editing: false, keepOtherHarnessConfig: false, harnesses: [acp] };

  it('sends each setting as its kind wants it, and leaves out what is empty', () => {
    const request = toAgentRequest(
      draft({
        harness: 'acp',
        settings: {
          agent: 'gemini',
          maxRetries: ' 0 ',
          baseUrl: 'http://127.0.0.1:8080/v1/',
          flags: 'a\n\n b ',
        },
      }),
      withAcp,
    );
    expect(request).toMatchObject({
      ok: true,
      body: {
        adapterConfig: {
          agent: 'gemini',
          maxRetries: 0,
          baseUrl: 'http://127.0.0.1:8080/v1',
          flags: ['a', 'b'],
        },
      },
    });
    const defaults = toAgentRequest(
      draft({ harness: 'acp', settings: { agent: 'gemini', maxRetries: '' } }),
      withAcp,
    );
    expect(defaults.ok && defaults.body.adapterConfig).toEqual({ agent: 'gemini' });
  });

  it('names a missing required setting and a bad one', () => {
    const request = toAgentRequest(
      draft({ harness: 'acp', settings: { maxRetries: '11', baseUrl: 'ftp://x', agent: 'nope' } }),
      withAcp,
    );
    expect(request).toEqual({
      ok: false,
      errors: {
        'settings.agent': 'Choose one of: claude-agent-acp, gemini.',
        'settings.maxRetries': 'Enter a whole number from 0 to 10.',
        'settings.baseUrl': 'Enter an http:// or https:// URL.',
      },
    });
    const missing = toAgentRequest(draft({ harness: 'acp' }), withAcp);
    expect(missing).toEqual({ ok: false, errors: { 'settings.agent': 'Choose agent.' } });
  });

  it('keeps a stored value no input can hold (a custom command) when the harness stays', () => {
    const agent: Agent = {
      ...stored,
      adapterType: 'acp',
      adapterConfig: { agent: { command: '/opt/agent', args: ['--acp'] }, maxRetries: 1 },
    };
    const edited = draftFromAgent(agent);
    expect(edited.settings).toEqual({ maxRetries: '1' });
    const request = toAgentRequest(edited, { editing: true, keepOtherHarnessConfig: true, harnesses: [acp] });
    expect(request.ok && request.body.adapterConfig).toEqual(agent.adapterConfig);
  });
});
