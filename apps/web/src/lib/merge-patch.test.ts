import { applyMergePatch } from '@lifeosai/http-kit';
import { describe, expect, it } from 'vitest';
import { createMergePatch } from './merge-patch.ts';

const agent = {
  name: 'Careful',
  instructions: 'Ask first.',
  adapterType: 'pi',
  adapterConfig: {
    model: 'm',
    mcpServers: {
      docs: { type: 'http', url: 'https://d', headers: {} },
      files: { type: 'stdio', command: 'f' },
    },
    permissions: { mode: 'allow', rules: [{ tool: 'bash', behavior: 'ask' }] },
  },
  heartbeat: { enabled: true, intervalSec: 600 },
  limits: { maxConcurrentRuns: 1, runTimeoutSec: 1800, monthlyBudgetUsd: 5 },
};

describe('createMergePatch', () => {
  it('sends nothing for an unchanged record', () => {
    expect(createMergePatch(agent, structuredClone(agent))).toEqual({});
  });

  it('sends only what changed, and null for what was removed', () => {
    const edited = structuredClone(agent) as Record<string, unknown> & typeof agent;
    edited.name = 'Renamed';
    delete (edited.adapterConfig.mcpServers as Record<string, unknown>).files;
    edited.adapterConfig.permissions.rules = [];
    (edited as Record<string, unknown>).heartbeat = null;
    (edited.limits as Record<string, unknown>).monthlyBudgetUsd = null;
    const patch = createMergePatch(agent, edited);
    expect(patch).toEqual({
      name: 'Renamed',
      adapterConfig: { mcpServers: { files: null }, permissions: { rules: [] } },
      heartbeat: null,
      limits: { monthlyBudgetUsd: null },
    });
    // The server's own merge turns the record into the edited one (removed members gone).
    expect(applyMergePatch(agent, patch)).toEqual({
      ...edited,
      heartbeat: undefined,
      limits: { maxConcurrentRuns: 1, runTimeoutSec: 1800 },
    });
  });

  it('round-trips through the server merge for replaced arrays and new members', () => {
    const edited = { ...agent, adapterConfig: { ...agent.adapterConfig, skills: ['a', 'b'], model: 'n' } };
    expect(applyMergePatch(agent, createMergePatch(agent, edited))).toEqual(edited);
  });
});
