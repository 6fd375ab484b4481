import { describe, expect, it } from 'vitest';
import { acpConfigSchema } from './config.ts';
import { acpHarness } from './harness.ts';
import { acpPresets } from './presets/index.ts';

const base = { credentials: {}, env: {} };

describe('the ACP environment check', () => {
  it('runs every preset’s check for the harness in general, each id prefixed with the preset id', async () => {
    const diagnostics = await acpHarness.checkEnvironment({ ...base, signal: AbortSignal.timeout(20_000) });
    for (const preset of acpPresets) {
      expect(
        diagnostics.some((diagnostic) => diagnostic.id.startsWith(`${preset.id}-`)),
        preset.id,
      ).toBe(true);
    }
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ id: 'claude-agent-acp-package', status: 'ok' }),
    );
  });

  it('runs the configured preset’s check for one agent', async () => {
    const config = acpConfigSchema.parse({ agent: 'claude-agent-acp' });
    const diagnostics = await acpHarness.checkEnvironment({
      ...base,
      config,
      signal: AbortSignal.timeout(20_000),
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({ id: 'package', status: 'ok' }),
      expect.objectContaining({ id: 'claude-binary', status: 'ok' }),
    ]);
  });

  it.each([
    [process.execPath, 'ok'],
    ['node', 'ok'],
    ['/nonexistent/acp-agent', 'error'],
    ['no-such-acp-agent-here', 'error'],
  ] as const)('checks that a custom command (%s) is an executable here', async (command, status) => {
    const config = acpConfigSchema.parse({ agent: { command } });
    const [diagnostic] = await acpHarness.checkEnvironment({
      ...base,
      config,
      signal: AbortSignal.timeout(5000),
    });
    expect(diagnostic).toMatchObject({ id: 'agent-command', status });
  });
});
