import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  lastResult,
  makeAgentDirectories,
  makeRunContext,
  openTestSandbox,
  toolResults,
  watchRun,
} from '@lifeosai/harness-conformance';
import type { RunContext } from '@lifeosai/harness-spec';
import { type FakeLlm, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CodexConfig, codexConfigSchema } from '../shared/config.ts';
import { codexHarness } from './harness.ts';

const skillsFixture = fileURLToPath(new URL('../fixtures/skills/weather', import.meta.url));

/*
 * What the conformance suite does not drive: Codex's own tools under the permission policy
 * (the suite judges platform tools), and skills. Real codex, in the run sandbox, against the fake.
 */
describe('codex runs: its own tools under the policy, skills', () => {
  let fake: FakeLlm;
  let directories: ReturnType<typeof makeAgentDirectories>;
  let sandbox: Awaited<ReturnType<typeof openTestSandbox>>;

  beforeAll(async () => {
    fake = await startFakeLlm();
    directories = makeAgentDirectories();
    sandbox = await openTestSandbox(directories, [Number(new URL(fake.url).port)]);
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await sandbox.close();
    await fake.close();
    directories.remove();
  });

  const context = (
    input: Partial<RunContext<CodexConfig>> & { prompt: string },
  ): RunContext<CodexConfig> => ({
    ...makeRunContext({
      fake,
      provider: 'openai',
      apiKey: 'sk-test-codex-runs',
      config: codexConfigSchema.parse({ model: 'gpt-5-mini', maxRetries: 0 }),
      directories,
      launcher: sandbox.launcher,
      prompt: input.prompt,
    }),
    ...input,
  });

  /** The model runs `command` in the shell, then says done. */
  const scriptShell = (marker: string, command: string) => {
    fake.on((call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult, text('Done.'));
    fake.on(
      (call) => call.lastUserText.includes(marker),
      toolCall({ name: 'exec_command', input: { cmd: command } }),
    );
  };

  it('asks before a shell command; approved, it runs', async () => {
    scriptShell('ask-bash', 'touch approved.txt');
    const { events } = await watchRun(
      codexHarness.start(
        context({
          prompt: 'Touch it. ask-bash',
          permissions: { mode: 'ask', rules: [], askTimeoutMs: 10_000 },
        }),
      ),
      {
        onEvent: (event, handle) => {
          if (event.type === 'permission_request')
            handle.respondToPermission(event.requestId, { decision: 'allow' });
        },
      },
    );
    expect(events.find((event) => event.type === 'permission_request')).toMatchObject({
      toolName: 'Bash',
      input: { command: 'touch approved.txt' },
    });
    expect(existsSync(join(directories.cwd, 'approved.txt'))).toBe(true);
    expect(lastResult(events)).toMatchObject({ subtype: 'success' });
  });

  it('refuses a shell command a rule denies: it never runs and the model is told why', async () => {
    scriptShell('deny-bash', 'touch denied.txt');
    const { events } = await watchRun(
      codexHarness.start(
        context({
          prompt: 'Touch it. deny-bash',
          permissions: { mode: 'allow', rules: [{ tool: 'Bash', behavior: 'deny' }], askTimeoutMs: 10_000 },
        }),
      ),
    );
    expect(events.find((event) => event.type === 'permission_resolved')).toMatchObject({
      toolName: 'Bash',
      decision: 'deny',
      by: 'policy',
    });
    expect(existsSync(join(directories.cwd, 'denied.txt'))).toBe(false);
    expect(JSON.stringify(fake.modelRequests().at(-1)?.body)).toContain('does not allow Bash');
    expect(toolResults(events)).toEqual([]);
  });

  it('gives Codex the agent’s skills and instructions', async () => {
    fake.on((call) => call.lastUserText.includes('skills-check'), text('I know.'));
    const { events } = await watchRun(
      codexHarness.start(
        context({
          prompt: 'What can you do? skills-check',
          skills: [{ name: 'weather', path: skillsFixture }],
        }),
      ),
    );
    expect(lastResult(events)).toMatchObject({ subtype: 'success' });
    expect(events[0]).toMatchObject({ type: 'system', subtype: 'init', skills: ['weather'] });
    const request = JSON.stringify(fake.modelRequests().at(-1)?.body);
    expect(request).toContain('Tells the weather for a city');
    // The agent's instructions reach the model (Codex's developer instructions).
    expect(request).toContain('You are a test agent. Follow the user exactly.');
  });
});
