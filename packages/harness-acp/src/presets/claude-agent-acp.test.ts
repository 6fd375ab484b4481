import { describe, expect, it } from 'vitest';
import { claudeAgentAcpPreset } from './claude-agent-acp.ts';

describe('the claude-agent-acp preset', () => {
  const input = {
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
    credential: { apiKey: 'sk-preset-test-0123456789', baseUrl: 'http://127.0.0.1:9/proxy/anthropic' },
    cwd: '/agents/a/workspace',
    stateDir: '/agents/a/data/acp/claude-agent-acp',
    maxRetries: 0,
  };

  it('starts the adapter on the platform’s Node, its key and base URL in the environment only', () => {
    const launch = claudeAgentAcpPreset.prepare(input);
    expect(launch.command).toBe(process.execPath);
    expect(launch.args).toEqual([expect.stringMatching(/claude-agent-acp\/dist\/index\.js$/)]);
    expect(JSON.stringify(launch.args)).not.toContain(input.credential.apiKey);
    expect(launch.env).toMatchObject({
      ANTHROPIC_API_KEY: input.credential.apiKey,
      ANTHROPIC_BASE_URL: input.credential.baseUrl,
      ANTHROPIC_MODEL: 'claude-sonnet-4-6',
      CLAUDE_CONFIG_DIR: '/agents/a/data/acp/claude-agent-acp/claude',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_MAX_RETRIES: '0',
    });
  });

  it('names no model when the agent has none (the adapter’s default runs)', () => {
    const { model: _none, ...withoutModel } = input;
    expect(claudeAgentAcpPreset.prepare(withoutModel).env).not.toHaveProperty('ANTHROPIC_MODEL');
  });

  it('finds the installed adapter, its version and the Claude Code binary it starts', async () => {
    const diagnostics = await claudeAgentAcpPreset.check(AbortSignal.timeout(20_000));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        id: 'package',
        status: 'ok',
        message: expect.stringMatching(/0\.101\.\d+$/),
      }),
      expect.objectContaining({ id: 'claude-binary', status: 'ok' }),
    ]);
  });
});
