/**
 * Each harness's runtime called directly, the way a user of its SDK or binary would, without
 * the platform: the baseline of `bench/harnesses.ts`. One function per harness case label;
 * each runs one turn of `prompt` against the fake LLM at `fakeUrl` in `dir` (a fresh process of
 * the runtime per call, as every harness starts one per run) and resolves when the turn ended.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { query } from '@anthropic-ai/claude-agent-sdk';
import { type AcpPreset, acpPresets } from '@lifeosai/harness-acp';
import { smokePrompts } from '@lifeosai/harness-acp/smoke';
import { Codex } from '@openai/codex-sdk';

/** One direct turn. */
export type DirectRun = (input: { fakeUrl: string; dir: string; prompt: string }) => Promise<void>;

const piOnce = fileURLToPath(new URL('./pi-direct-once.ts', import.meta.url));
const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };

export const directRuns: Readonly<Record<string, DirectRun>> = {
  'claude-code': async ({ fakeUrl, dir, prompt }) => {
    mkdirSync(join(dir, 'config'), { recursive: true });
    const turn = query({
      prompt,
      options: {
        cwd: dir,
        model: 'claude-sonnet-4-6',
        settingSources: [],
        env: {
          ...baseEnv,
          HOME: dir,
          CLAUDE_CONFIG_DIR: join(dir, 'config'),
          ANTHROPIC_BASE_URL: fakeUrl,
          ANTHROPIC_API_KEY: 'sk-bench',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        },
      },
    });
    for await (const message of turn) if (message.type === 'result') break;
  },
  pi: async ({ fakeUrl, dir, prompt }) => {
    await promisify(execFile)(process.execPath, [piOnce, fakeUrl, dir, prompt]);
  },
  // As a user points Codex at an OpenAI-compatible server of their own: a provider over HTTP
  // (the fake serves no WebSocket transport), no update check; `codex exec` through the SDK.
  codex: async ({ fakeUrl, dir, prompt }) => {
    const home = join(dir, 'codex');
    mkdirSync(home, { recursive: true });
    writeFileSync(
      join(home, 'config.toml'),
      [
        'model_provider = "bench"',
        'check_for_update_on_startup = false',
        '[model_providers.bench]',
        'name = "bench"',
        `base_url = "${fakeUrl}"`,
        'env_key = "BENCH_API_KEY"',
        'wire_api = "responses"',
        'supports_websockets = false',
      ].join('\n'),
    );
    const codex = new Codex({ env: { ...baseEnv, HOME: dir, CODEX_HOME: home, BENCH_API_KEY: 'sk-bench' } });
    const thread = codex.startThread({ model: 'gpt-5-mini', workingDirectory: dir, skipGitRepoCheck: true });
    await thread.run(prompt);
  },
  ...Object.fromEntries(acpPresets.map((preset) => [`acp: ${preset.id}`, acpDirect(preset)])),
};

/** An ACP agent started by hand and driven over ACP for one prompt, without the harness or sandbox. */
function acpDirect(preset: AcpPreset): DirectRun {
  return async ({ fakeUrl, dir, prompt }) => {
    const launch = preset.prepare({
      provider: preset.providers[0]!,
      credential: { apiKey: 'sk-bench', baseUrl: fakeUrl },
      cwd: dir,
      stateDir: join(dir, 'state'),
      maxRetries: 0,
    });
    const [turn] = await smokePrompts(launch, dir, [prompt]);
    if (turn?.stopReason !== 'end_turn') throw new Error(`${preset.id}: ${JSON.stringify(turn)}`);
  };
}
