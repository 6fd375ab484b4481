import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { error, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, describe, expect, it } from 'vitest';
import { openCodePreset } from './opencode.ts';
import { smokePrompts } from './preset-smoke.ts';

const secret = 'run-token-opencode-0123456789';
const root = mkdtempSync(join(tmpdir(), 'opencode-preset-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function prepare(stateName: string, provider: 'anthropic' | 'openai', baseUrl?: string) {
  const stateDir = join(root, stateName);
  const launch = openCodePreset.prepare({
    provider,
    credential: { apiKey: secret, ...(baseUrl ? { baseUrl } : {}) },
    cwd: root,
    stateDir,
    maxRetries: 0,
  });
  return { launch, stateDir };
}

describe('opencode preset', () => {
  it('starts opencode acp with its config and key in variables, updates and downloads off', () => {
    const { launch, stateDir } = prepare('args', 'anthropic', 'http://127.0.0.1:9/llm/anthropic');
    expect(launch.command).toMatch(/opencode-ai\/bin\/opencode\.exe$/);
    expect(launch.args).toEqual(['acp']);
    const { OPENCODE_CONFIG_CONTENT: content, ...env } = launch.env;
    expect(env).toEqual({
      XDG_CONFIG_HOME: join(stateDir, 'config'),
      XDG_DATA_HOME: join(stateDir, 'data'),
      XDG_CACHE_HOME: join(stateDir, 'cache'),
      XDG_STATE_HOME: join(stateDir, 'state'),
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_MODELS_FETCH: '1',
      OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      OPENCODE_DISABLE_SHARE: '1',
      OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
      OPENCODE_DISABLE_CLAUDE_CODE: '1',
      OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
      OPENCODE_DISABLE_PROJECT_CONFIG: '1',
      ANTHROPIC_API_KEY: secret,
    });
    expect(content).not.toContain(secret);
    expect(JSON.parse(content!)).toEqual({
      autoupdate: false,
      share: 'disabled',
      model: 'anthropic/claude-sonnet-4-5',
      provider: { anthropic: { options: { baseURL: 'http://127.0.0.1:9/llm/anthropic/v1' } } },
      agent: { title: { disable: true } },
      permission: { edit: 'ask', bash: 'ask', webfetch: 'ask', external_directory: 'ask' },
    });
    expect(existsSync(join(stateDir, 'data'))).toBe(true);
    const openai = prepare('openai', 'openai').launch.env;
    expect(openai.OPENAI_API_KEY).toBe(secret);
    expect(JSON.parse(openai.OPENCODE_CONFIG_CONTENT!)).toMatchObject({
      model: 'openai/gpt-5-mini',
      provider: { openai: { options: { baseURL: 'https://api.openai.com/v1' } } },
    });
  });

  it('passes its environment check here (the binary answers), warning that its retries are its own', async () => {
    const diagnostics = await openCodePreset.check(AbortSignal.timeout(40_000));
    expect(diagnostics).toEqual([
      { id: 'package', status: 'ok', message: 'opencode-ai 1.18.33' },
      expect.objectContaining({ id: 'retries', status: 'warn' }),
    ]);
  }, 60_000);

  it.each(['anthropic', 'openai'] as const)(
    'runs against the fake LLM (%s): its bash tool after a permission, echo, and a 400 as an error',
    async (provider) => {
      await using fake = await startFakeLlm();
      const { launch } = prepare(
        `run-${provider}`,
        provider,
        provider === 'anthropic' ? fake.url : fake.openAiBaseUrl,
      );
      const workspace = mkdtempSync(join(root, 'workspace-'));
      fake.script(
        toolCall({
          name: 'bash',
          input: { command: 'touch made-by-opencode.txt', description: 'Make a file' },
        }),
      );
      fake.on((call) => call.lastMessageIsToolResult, text('Made it.'), { times: 1 });
      fake.on((call) => call.lastUserText === 'fail please', error(400));

      const [tool, echo, failed] = await smokePrompts(
        launch,
        workspace,
        ['make a file', 'hello', 'fail please'],
        150_000,
      );

      expect(tool).toMatchObject({
        stopReason: 'end_turn',
        text: 'Made it.',
        permissions: ['touch made-by-opencode.txt'],
      });
      expect(existsSync(join(workspace, 'made-by-opencode.txt'))).toBe(true);
      expect(echo).toMatchObject({ stopReason: 'end_turn', text: 'echo: hello' });
      expect(failed?.error).toContain('Invalid request');
      // One model call per step: no title generation, no catalog or update requests.
      expect(fake.requests.map((request) => request.endpoint)).toEqual(
        Array(4).fill(provider === 'anthropic' ? 'messages' : 'responses'),
      );
    },
    180_000,
  );
});
