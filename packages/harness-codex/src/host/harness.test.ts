import { describe, expect, it } from 'vitest';
import { codexConfigSchema } from '../shared/config.ts';
import { codexHarness } from './harness.ts';
import { defaultCodexModel } from './metadata.ts';

describe('codexHarness', () => {
  it('describes itself from its metadata: openai only, one default model, its config fields', () => {
    expect(codexHarness.metadata.providers).toEqual(['openai']);
    expect(codexHarness.metadata.models.filter((model) => model.isDefault)).toEqual([
      expect.objectContaining({ id: defaultCodexModel, provider: 'openai' }),
    ]);
    const schemaKeys = Object.keys(codexConfigSchema.shape).sort();
    expect(codexHarness.metadata.configFields.map((field) => field.key).sort()).toEqual(schemaKeys);
  });

  it('refuses an unknown config key and a bad effort with a field path', () => {
    const typo = codexConfigSchema.safeParse({ modle: 'gpt-5' });
    expect(typo.success).toBe(false);
    const effort = codexConfigSchema.safeParse({ reasoningEffort: 'extreme' });
    expect(effort.success ? [] : effort.error.issues.map((issue) => issue.path)).toEqual([
      ['reasoningEffort'],
    ]);
    expect(codexConfigSchema.parse({})).toEqual({ maxRetries: 2 });
  });

  it('throws for a session kind it does not declare', () => {
    expect(() =>
      codexHarness.start({ session: { kind: 'fork', nativeSessionId: 't' } } as Parameters<
        typeof codexHarness.start
      >[0]),
    ).toThrow(/does not support session kind "fork"/);
  });

  it('checks the binary, the key and says plainly what the policy cannot reach', async () => {
    const signal = new AbortController().signal;
    const without = await codexHarness.checkEnvironment({ credentials: {}, env: {}, signal });
    expect(without.find((check) => check.id === 'codex-binary')).toMatchObject({
      status: 'ok',
      message: 'Codex CLI 0.163.0',
    });
    expect(without.find((check) => check.id === 'openai-key')).toMatchObject({ status: 'error' });
    expect(without.find((check) => check.id === 'codex-permissions')?.message).toContain('write_stdin');
    const configured = await codexHarness.checkEnvironment({
      credentials: { openai: { apiKey: 'sk-configured-key' } },
      env: {},
      signal,
    });
    expect(configured.find((check) => check.id === 'openai-key')).toMatchObject({ status: 'ok' });
    expect(JSON.stringify(configured)).not.toContain('sk-configured-key');
  });
});
