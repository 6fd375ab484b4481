import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, describe, expect, it } from 'vitest';
import { piAcpPreset } from './pi-acp.ts';
import { smokePrompts } from './preset-smoke.ts';

const secret = 'run-token-pi-0123456789';
const root = mkdtempSync(join(tmpdir(), 'pi-acp-preset-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function prepare(stateName: string, provider: 'anthropic' | 'openai', maxRetries: number, baseUrl?: string) {
  const stateDir = join(root, stateName);
  const launch = piAcpPreset.prepare({
    provider,
    credential: { apiKey: secret, ...(baseUrl ? { baseUrl } : {}) },
    cwd: root,
    stateDir,
    maxRetries,
  });
  const read = (path: string) => JSON.parse(readFileSync(join(stateDir, path), 'utf8'));
  return { launch, stateDir, read };
}

describe('pi-acp preset', () => {
  it('starts pi-acp on Node, offline, with the key in a variable and pi launched on the same Node', () => {
    const { launch, stateDir } = prepare('args', 'anthropic', 2, 'http://127.0.0.1:9/llm/anthropic');
    expect(launch.command).toBe(process.execPath);
    expect(launch.args).toHaveLength(1);
    expect(launch.args[0]).toMatch(/pi-acp\/dist\/index\.js$/);
    expect(launch.args.join(' ')).not.toContain(secret);
    expect(launch.env).toEqual({
      PI_CODING_AGENT_DIR: stateDir,
      PI_ACP_PI_COMMAND: join(stateDir, 'bin', 'pi'),
      PI_OFFLINE: '1',
      PI_TELEMETRY: '0',
      PI_SKIP_VERSION_CHECK: '1',
      ANTHROPIC_API_KEY: secret,
    });
    const launcher = readFileSync(join(stateDir, 'bin', 'pi'), 'utf8');
    expect(launcher).toContain(`'${process.execPath}'`);
    expect(launcher).toMatch(/pi-coding-agent\/dist\/bundle\/cli\.js' "\$@"/);
    expect(statSync(join(stateDir, 'bin', 'pi')).mode & 0o777).toBe(0o700);
  });

  it('writes settings (0600): the model, retries bounded, no cache warming, workspace settings never trusted', () => {
    const { stateDir, read } = prepare('settings', 'anthropic', 0, 'http://127.0.0.1:9/llm/anthropic');
    expect(statSync(join(stateDir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(read('settings.json')).toEqual({
      defaultProvider: 'anthropic',
      defaultModel: 'claude-sonnet-4-5',
      retry: { enabled: false, maxRetries: 0 },
      cacheWarming: 'off',
      defaultProjectTrust: 'never',
      quietStartup: true,
    });
    expect(read('models.json')).toEqual({
      providers: { anthropic: { baseUrl: 'http://127.0.0.1:9/llm/anthropic' } },
    });
    const openai = prepare('openai', 'openai', 3);
    expect(openai.launch.env.OPENAI_API_KEY).toBe(secret);
    expect(openai.read('settings.json')).toMatchObject({ retry: { enabled: true, maxRetries: 3 } });
    expect(openai.read('models.json')).toEqual({
      providers: {
        openai: {
          baseUrl: 'https://api.openai.com/v1',
          api: 'openai-completions',
          apiKey: '$OPENAI_API_KEY',
          models: [{ id: 'gpt-5-mini' }],
        },
      },
    });
    expect(readFileSync(join(openai.stateDir, 'models.json'), 'utf8')).not.toContain(secret);
  });

  it('passes its environment check here, warning that failures and permissions do not reach the platform', async () => {
    const diagnostics = await piAcpPreset.check(AbortSignal.timeout(10_000));
    expect(diagnostics.filter((diagnostic) => diagnostic.status === 'error')).toEqual([]);
    expect(diagnostics.find((diagnostic) => diagnostic.id === 'package')).toMatchObject({
      status: 'ok',
      message: 'pi-acp 0.0.34',
    });
    expect(diagnostics.find((diagnostic) => diagnostic.id === 'pi-package')?.status).toBe('ok');
    expect(diagnostics.filter((diagnostic) => diagnostic.status === 'warn').map((d) => d.id)).toEqual([
      'model-errors',
      'permissions',
    ]);
  });

  it.each(['anthropic', 'openai'] as const)(
    'runs against the fake LLM (%s): its bash tool, then echo with history',
    async (provider) => {
      await using fake = await startFakeLlm();
      const base = provider === 'anthropic' ? fake.url : fake.openAiBaseUrl;
      const { launch } = prepare(`run-${provider}`, provider, 0, base);
      const workspace = mkdtempSync(join(root, 'workspace-'));
      fake.script(toolCall({ name: 'bash', input: { command: 'touch made-by-pi.txt' } }));
      fake.on((call) => call.lastMessageIsToolResult, text('Made it.'), { times: 1 });

      const [tool, echo] = await smokePrompts(launch, workspace, ['make a file', 'hello']);

      expect(tool).toMatchObject({ stopReason: 'end_turn', text: 'Made it.', permissions: [] });
      expect(existsSync(join(workspace, 'made-by-pi.txt'))).toBe(true);
      expect(echo).toMatchObject({ stopReason: 'end_turn', text: 'echo: hello' });
      const last = fake.modelRequests().at(-1)!;
      expect(JSON.stringify(last.body)).toContain('Made it.');
      expect(fake.requests.every((request) => request.endpoint !== 'unknown')).toBe(true);
      const auth = provider === 'anthropic' ? last.headers['x-api-key'] : last.headers.authorization;
      expect(auth).toBe(provider === 'anthropic' ? secret : `Bearer ${secret}`);
    },
    60_000,
  );
});
