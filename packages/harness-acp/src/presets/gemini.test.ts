import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { error, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, describe, expect, it } from 'vitest';
import { geminiPreset } from './gemini.ts';
import { smokePrompts } from './preset-smoke.ts';

const secret = 'run-token-gemini-0123456789';
const root = mkdtempSync(join(tmpdir(), 'gemini-preset-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function prepare(stateName: string, maxRetries: number, baseUrl = 'http://127.0.0.1:9/llm/google') {
  const stateDir = join(root, stateName);
  const launch = geminiPreset.prepare({
    provider: 'google',
    credential: { apiKey: secret, baseUrl },
    cwd: root,
    stateDir,
    maxRetries,
  });
  return { launch, stateDir };
}

describe('gemini preset', () => {
  it('starts gemini --acp on Node with the key and base URL in variables, never in arguments', () => {
    const { launch, stateDir } = prepare('args', 2);
    expect(launch.command).toBe(process.execPath);
    expect(launch.args.at(-1)).toBe('--acp');
    expect(launch.args[0]).toMatch(/@google\/gemini-cli\/bundle\/gemini\.js$/);
    expect(launch.args.join(' ')).not.toContain(secret);
    expect(launch.env).toMatchObject({
      GEMINI_API_KEY: secret,
      GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:9/llm/google',
      GEMINI_CLI_HOME: stateDir,
      GEMINI_CLI_NO_RELAUNCH: 'true',
      TMPDIR: join(stateDir, 'tmp'),
    });
  });

  it('writes its settings (0600) with updates, telemetry, usage statistics and IDE detection off', () => {
    const { stateDir } = prepare('settings', 2);
    const path = join(stateDir, '.gemini/settings.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const settings = JSON.parse(readFileSync(path, 'utf8'));
    expect(settings).toEqual({
      general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 3 },
      privacy: { usageStatisticsEnabled: false },
      telemetry: { enabled: false },
      ide: { enabled: false },
      security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
      model: { name: 'gemini-2.5-flash' },
    });
    expect(JSON.stringify(settings)).not.toContain(secret);
    expect(
      JSON.parse(readFileSync(join(prepare('no-retries', 0).stateDir, '.gemini/settings.json'), 'utf8')),
    ).toMatchObject({ general: { maxAttempts: 1 } });
    expect(
      JSON.parse(readFileSync(join(prepare('many', 50).stateDir, '.gemini/settings.json'), 'utf8')),
    ).toMatchObject({ general: { maxAttempts: 10 } });
  });

  it('fails the launch at once, saying why, when its settings cannot be written', () => {
    const notAFolder = join(root, 'not-a-folder');
    writeFileSync(notAFolder, 'x');
    const launch = geminiPreset.prepare({
      provider: 'google',
      credential: { apiKey: secret },
      cwd: root,
      stateDir: join(notAFolder, 'state'),
      maxRetries: 0,
    });
    expect(launch.command).toBe(process.execPath);
    expect(launch.args.join(' ')).toContain('Gemini CLI cannot start');
    expect(launch.args.join(' ')).not.toContain(secret);
  });

  it('passes its environment check on this machine (the package and its bundle present)', async () => {
    const diagnostics = await geminiPreset.check(AbortSignal.timeout(10_000));
    expect(diagnostics.filter((diagnostic) => diagnostic.status === 'error')).toEqual([]);
    expect(diagnostics.find((diagnostic) => diagnostic.id === 'package')).toMatchObject({
      status: 'ok',
      message: '@google/gemini-cli 0.61.0',
    });
  });

  it('runs against the fake LLM: its shell tool after a permission, echo, and a 429 without retries', async () => {
    await using fake = await startFakeLlm();
    const { launch } = prepare('run', 0, fake.url);
    const workspace = mkdtempSync(join(root, 'workspace-'));
    fake.script(toolCall({ name: 'run_shell_command', input: { command: 'touch made-by-gemini.txt' } }));
    fake.on((call) => call.lastMessageIsToolResult, text('Made it.'), { times: 1 });
    fake.on((call) => call.lastUserText === 'fail please', error(429));

    const [tool, echo, failed] = await smokePrompts(launch, workspace, [
      'make a file',
      'hello',
      'fail please',
    ]);

    expect(tool).toMatchObject({
      stopReason: 'end_turn',
      text: 'Made it.',
      permissions: ['touch made-by-gemini.txt'],
    });
    expect(existsSync(join(workspace, 'made-by-gemini.txt'))).toBe(true);
    expect(echo).toMatchObject({ stopReason: 'end_turn', text: 'echo: hello' });
    expect(failed?.error).toContain('Rate limited');
    const requests = fake.requests;
    expect(
      requests.filter((request) => request.body && JSON.stringify(request.body).includes('fail please')),
    ).toHaveLength(1);
    expect(requests.every((request) => request.endpoint === 'generate_content')).toBe(true);
    expect(requests.every((request) => request.headers['x-goog-api-key'] === secret)).toBe(true);
    expect(requests[0]?.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
  }, 60_000);
});
