import { isKnownProviderId } from '@lifeosai/config';
import { describe, expect, it } from 'vitest';
import { acpConfigSchema } from './config.ts';
import { acpHarness } from './harness.ts';
import { acpPresets } from './presets/index.ts';

describe('the ACP config schema', () => {
  it('takes a preset id and applies the defaults', () => {
    expect(acpConfigSchema.parse({ agent: 'claude-agent-acp', model: 'claude-sonnet-4-6' })).toEqual({
      agent: 'claude-agent-acp',
      model: 'claude-sonnet-4-6',
      maxRetries: 2,
    });
  });

  it('takes a custom command with arguments and switches', () => {
    const agent = { command: '/usr/local/bin/my-agent', args: ['--acp'], env: { MY_AGENT_TELEMETRY: '0' } };
    expect(acpConfigSchema.parse({ agent, provider: 'openai' })).toMatchObject({ agent, provider: 'openai' });
  });

  it('refuses an unknown preset, naming the known ones', () => {
    const result = acpConfigSchema.safeParse({ agent: 'nope' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['agent'],
        message: `unknown ACP agent "nope"; use one of ${acpPresets.map((preset) => preset.id).join(', ')} or {command, args?, env?}`,
      }),
    ]);
  });

  it.each([
    [{}, ['agent']],
    [{ agent: 'claude-agent-acp', maxTurns: 3 }, []],
    [{ agent: { command: 'x', shell: true } }, ['agent']],
    [{ agent: { command: '' } }, ['agent']],
    [{ agent: { command: 'x', env: { 'NOT A NAME': '1' } } }, ['agent']],
    [{ agent: 'claude-agent-acp', provider: 'openai' }, ['provider']],
    [{ agent: 'claude-agent-acp', provider: 'mistral' }, ['provider']],
    [{ agent: 'claude-agent-acp', maxRetries: 21 }, ['maxRetries']],
  ])('refuses %j at %j', (input, path) => {
    const result = acpConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.slice(0, path.length)).toEqual(path);
  });
});

describe('the preset registry and the metadata built from it', () => {
  it('has unique ids, known providers and one default model per provider', () => {
    const ids = acpPresets.map((preset) => preset.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const preset of acpPresets) {
      expect(preset.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const provider of preset.providers) {
        expect(isKnownProviderId(provider), `${preset.id}: ${provider}`).toBe(true);
        const defaults = preset.models.filter((model) => model.provider === provider && model.isDefault);
        expect(defaults, `${preset.id}: ${provider}`).toHaveLength(1);
      }
    }
  });

  it('offers the preset ids as the agent choice and the union of their providers and models', () => {
    const { metadata } = acpHarness;
    expect(metadata.configFields.find((field) => field.key === 'agent')).toMatchObject({
      kind: 'choice',
      choices: acpPresets.map((preset) => preset.id),
    });
    expect([...metadata.providers].sort()).toEqual(
      [...new Set(acpPresets.flatMap((preset) => preset.providers))].sort(),
    );
    for (const preset of acpPresets) {
      for (const model of preset.models) {
        expect(metadata.models).toContainEqual(
          expect.objectContaining({ id: model.id, provider: model.provider }),
        );
      }
    }
  });
});
