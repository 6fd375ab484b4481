/**
 * Each harness's runtime called directly, the way a user of its SDK or binary would, without
 * the platform: the baseline of `bench/harnesses.ts`. One function per harness case label;
 * each runs one turn of `prompt` against the fake LLM at `fakeUrl` in `dir` (a fresh process of
 * the runtime per call, as every harness starts one per run) and resolves when the turn ended.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { query } from '@anthropic-ai/claude-agent-sdk';

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
};
