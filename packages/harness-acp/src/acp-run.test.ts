import { fileURLToPath } from 'node:url';
import type { HarnessEvent } from '@lifeosai/events';
import {
  assistantText,
  echoTool,
  lastResult,
  makeAgentDirectories,
  makeRunContext,
  openTestSandbox,
  toolResults,
  watchRun,
} from '@lifeosai/harness-conformance';
import type { Harness, PermissionPolicy, PlatformTool, SessionState } from '@lifeosai/harness-spec';
import type { RunSandbox } from '@lifeosai/sandbox';
import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AcpConfig, acpConfigSchema } from './config.ts';
import { acpHarness, createAcpHarness } from './harness.ts';
import type { AcpPreset } from './presets/preset.ts';

const scriptedAgent = fileURLToPath(new URL('./fixtures/scripted-agent.ts', import.meta.url));
const apiKey = 'sk-run-test-0123456789';
const ask: PermissionPolicy = { mode: 'ask', rules: [], askTimeoutMs: 10_000 };

describe('ACP runs of a scripted agent (a custom command)', () => {
  vi.setConfig({ testTimeout: 60_000 });
  const state: {
    fake?: FakeLlm;
    sandbox?: RunSandbox;
    directories?: ReturnType<typeof makeAgentDirectories>;
  } = {};
  beforeAll(async () => {
    state.fake = await startFakeLlm();
    state.directories = makeAgentDirectories('agt_acp_run');
    state.sandbox = await openTestSandbox(
      state.directories,
      [Number(new URL(state.fake.url).port)],
      'agt_acp_run',
    );
  });
  afterAll(async () => {
    await state.sandbox?.close();
    await state.fake?.close();
    state.directories?.remove();
  });

  const custom = (command = process.execPath): AcpConfig =>
    acpConfigSchema.parse({ agent: { command, args: [scriptedAgent] }, model: 'claude-sonnet-4-6' });

  const run = (
    prompt: string,
    options: {
      config?: AcpConfig;
      harness?: Harness<AcpConfig>;
      permissions?: PermissionPolicy;
      platformTools?: PlatformTool[];
      session?: SessionState;
      onEvent?: Parameters<typeof watchRun>[1] extends infer O
        ? O extends { onEvent?: infer F }
          ? F
          : never
        : never;
      apiKey?: string;
    } = {},
  ) => {
    const context = makeRunContext({
      fake: state.fake!,
      provider: 'anthropic',
      apiKey: options.apiKey ?? apiKey,
      config: options.config ?? custom(),
      directories: state.directories!,
      launcher: state.sandbox!.launcher,
      prompt,
      ...(options.permissions ? { permissions: options.permissions } : {}),
      ...(options.platformTools ? { platformTools: options.platformTools } : {}),
      ...(options.session ? { session: options.session } : {}),
    });
    return watchRun((options.harness ?? acpHarness).start(context), { onEvent: options.onEvent });
  };

  it('maps thoughts, text, a plan and two messages; skips update kinds it does not know', async () => {
    const { events } = await run('updates');
    expect(events[0]).toMatchObject({
      type: 'system',
      subtype: 'init',
      native: { sessionId: expect.any(String) },
    });
    const assistants = events.filter((event) => event.type === 'assistant').map((event) => event.message);
    expect(assistants.map((message) => message.content)).toEqual([
      [
        { type: 'thinking', thinking: 'Let me think.' },
        { type: 'text', text: 'First answer.' },
      ],
      [
        {
          type: 'opaque',
          block: {
            type: 'plan',
            entries: [{ content: 'Check the plan', priority: 'high', status: 'pending' }],
          },
        },
      ],
      [{ type: 'text', text: 'Second.' }],
    ]);
    expect(assistants[0]!.id).toBe('m1');
    const firstStop = events.findIndex(
      (event) => event.type === 'stream_event' && event.event.type === 'message_stop',
    );
    expect(firstStop).toBeLessThan(events.findIndex((event) => event.type === 'assistant'));
    expect(events.find((event) => event.type === 'usage')).toMatchObject({
      model: 'claude-sonnet-4-6',
      usage: { input_tokens: 10, output_tokens: 5 },
    });
    expect(lastResult(events)).toMatchObject({
      subtype: 'success',
      result: 'Second.',
      num_turns: 3,
      usage: { input_tokens: 10, output_tokens: 5 },
      cost_computed: true,
      total_cost_usd: expect.any(Number),
    });
  });

  it.each([
    ['allow', 'wrote notes.txt', false],
    // The refusal's reason, as the harness records it when the person answers (the agent's own report comes later and is ignored).
    ['deny', 'The user denied write_notes.', true],
  ] as const)('asks before a tool; on %s the agent gets that answer', async (decision, text, isError) => {
    const seen: HarnessEvent[] = [];
    const { events } = await run('tool', {
      permissions: ask,
      onEvent: (event, handle) => {
        seen.push(event);
        if (event.type === 'permission_request') handle.respondToPermission(event.requestId, { decision });
      },
    });
    const toolUse = events.findIndex(
      (event) =>
        event.type === 'assistant' && event.message.content.some((block) => block.type === 'tool_use'),
    );
    const request = events.findIndex((event) => event.type === 'permission_request');
    expect(toolUse).toBeGreaterThan(0);
    expect(toolUse).toBeLessThan(request);
    expect(events[request]).toMatchObject({
      toolName: 'write_notes',
      input: { path: 'notes.txt' },
      toolUseId: 'call_1',
    });
    expect(toolResults(events)).toEqual([{ text, isError }]);
    expect(lastResult(events)).toMatchObject({ subtype: 'success' });
  });

  it.each([
    ['allow', [{ text: 'hi' }], { text: 'echo:hi', isError: false }],
    ['deny', [], { text: 'The permission policy does not allow mcp__lifeos__echo_text.', isError: true }],
  ] as const)(
    'applies the policy (%s) to platform tools of an agent that does not ask',
    async (mode, calls, result) => {
      const seen: unknown[] = [];
      const { events } = await run('platform', {
        permissions: { mode, rules: [], askTimeoutMs: 10_000 },
        platformTools: [echoTool(seen)],
      });
      expect(seen).toEqual(calls);
      expect(toolResults(events)).toEqual([result]);
      expect(events.some((event) => event.type === 'permission_resolved')).toBe(mode === 'deny');
    },
  );

  it('resumes through session/load without re-emitting the replayed history', async () => {
    const config = acpConfigSchema.parse({
      agent: { command: process.execPath, args: [scriptedAgent], env: { SCRIPTED_AGENT_LOAD: '1' } },
      model: 'claude-sonnet-4-6',
    });
    const first = await run('hello', { config });
    const sessionId = first.events[0]!.native?.sessionId;
    const { events } = await run('again', {
      config,
      session: { kind: 'resume', nativeSessionId: sessionId! },
    });
    expect(events[0]).toMatchObject({ type: 'system', native: { sessionId } });
    expect(JSON.stringify(events)).not.toContain('REPLAYED');
    // The agent takes no system prompt: the instructions come first in the prompt, every turn.
    expect(assistantText(events)).toBe('echo: You are a test agent. Follow the user exactly.\nagain');
    expect(lastResult(events)).toMatchObject({ subtype: 'success', native: { sessionId } });
  });

  it('fails a resume on an agent that can neither load nor resume, saying so', async () => {
    const { events } = await run('again', { session: { kind: 'resume', nativeSessionId: 'sess_gone' } });
    expect(lastResult(events)).toMatchObject({ is_error: true, error_class: 'invalid_request' });
    expect(events.find((event) => event.type === 'error')).toMatchObject({
      message: expect.stringContaining('cannot resume a session'),
    });
  });

  it('ends with process_exit when the agent dies mid-turn', async () => {
    const { events } = await run('exit');
    expect(events.find((event) => event.type === 'error')).toMatchObject({ errorClass: 'process_exit' });
    expect(lastResult(events)).toMatchObject({ is_error: true, error_class: 'process_exit' });
  });

  it('ends with spawn_failed when the custom command does not exist', async () => {
    const { events } = await run('hello', { config: custom('/nonexistent/acp-agent') });
    expect(lastResult(events)).toMatchObject({ is_error: true, error_class: 'spawn_failed' });
  });

  it('fails at once, starting nothing, on a preset that cannot run here, saying why', async () => {
    const broken: AcpPreset = {
      id: 'broken',
      label: 'Broken agent',
      description: 'A preset whose package is missing.',
      providers: ['anthropic'],
      models: [{ id: 'claude-sonnet-4-6', displayName: 'Sonnet', provider: 'anthropic', isDefault: true }],
      prepare: () => ({ command: process.execPath, args: [scriptedAgent], env: {} }),
      check: async () => [
        { id: 'package', status: 'error', message: 'broken-agent is not installed', fix: 'Install it.' },
      ],
    };
    const harness = createAcpHarness([broken]);
    const started = performance.now();
    const { events, processes } = await run('hello', {
      harness,
      config: harness.configSchema.parse({ agent: 'broken' }),
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(processes.size).toBe(0);
    expect(events.map((event) => event.type)).toEqual(['error', 'result']);
    expect(events[0]).toMatchObject({
      errorClass: 'spawn_failed',
      message: expect.stringContaining('broken-agent is not installed (Install it.)'),
    });
    expect(
      (await harness.checkEnvironment({ credentials: {}, env: {}, signal: AbortSignal.timeout(5000) })).map(
        (diagnostic) => diagnostic.id,
      ),
    ).toEqual(['broken-package']);
  });

  it('fails with auth when no key is configured for the provider, starting nothing', async () => {
    const { events, processes } = await run('hello', { apiKey: '' });
    expect(processes.size).toBe(0);
    expect(lastResult(events)).toMatchObject({ is_error: true, error_class: 'auth' });
  });
});
