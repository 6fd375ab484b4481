import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { HarnessEvent, ResultEvent } from '@lifeosai/events';
import {
  type HarnessCapabilities,
  type PermissionPolicy,
  type PlatformTool,
  UnsupportedFeatureError,
} from '@lifeosai/harness-spec';
import type { RunSandbox } from '@lifeosai/sandbox';
import { type FakeLlm, stall, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeEscapes } from './describe-escapes.ts';
import { describeFaults } from './describe-faults.ts';
import {
  assistantText,
  leftOverProcesses,
  streamedText,
  toolResults,
  type WatchedRun,
  watchRun,
  whenAnswering,
} from './run-watcher.ts';
import type { ConformanceOptions } from './suite-options.ts';
import { type AgentDirectories, makeAgentDirectories, makeRunContext, type RunFn } from './test-context.ts';
import { openTestSandbox } from './test-sandbox.ts';

const mcpFixture = fileURLToPath(new URL('./mcp-fixture-server.ts', import.meta.url));

/**
 * The checks every harness passes, with its real SDK against the fake LLM. A harness
 * package calls this from one test file; passing it is how a new harness joins.
 */
export function describeHarnessConformance<Config>(options: ConformanceOptions<Config>): void {
  const label = options.label ?? options.harness.id;
  const apiKey = `sk-canary-${randomBytes(12).toString('hex')}`;
  const envCanary = `env-canary-${randomBytes(12).toString('hex')}`;
  const shared: { fake?: FakeLlm; directories?: AgentDirectories; sandbox?: RunSandbox } = {};

  describe(`harness conformance: ${label}`, () => {
    beforeAll(async () => {
      // A variable only the test process has: it must not reach any process of the run.
      process.env.LIFEOSAI_CONFORMANCE_ENV_CANARY = envCanary;
      shared.fake = await startFakeLlm();
      shared.directories = makeAgentDirectories();
      shared.sandbox = await openTestSandbox(shared.directories, [new URL(shared.fake.url).port].map(Number));
    });
    afterEach(() => shared.fake?.reset());
    afterAll(async () => {
      delete process.env.LIFEOSAI_CONFORMANCE_ENV_CANARY;
      await shared.sandbox?.close();
      await shared.fake?.close();
      shared.directories?.remove();
    });

    const run: RunFn<Config> = async (input, onEvent) => {
      const context = makeRunContext({
        ...input,
        config: input.config ?? options.config,
        fake: shared.fake!,
        provider: options.provider,
        apiKey,
        directories: shared.directories!,
        launcher: shared.sandbox!.launcher,
      });
      const watched = await watchRun(options.harness.start(context), { onEvent });
      expectWellFormed(watched, apiKey, envCanary);
      return watched;
    };

    const capabilities = options.harness.capabilities;
    it(`answers with ${answerShape(capabilities)}`, async () => {
      const marker = `hello-${randomBytes(4).toString('hex')}`;
      shared.fake!.on(
        (call) => call.lastUserText.includes(marker),
        text('The quick brown fox jumps over the lazy dog.', { chunks: 6 }),
      );
      const { events } = await run({ prompt: `Say the sentence. ${marker}` });

      const init = events[0]!;
      expect(init).toMatchObject({ type: 'system', subtype: 'init' });
      expect(init.native?.sessionId).toEqual(expect.any(String));
      expect(assistantText(events)).toBe('The quick brown fox jumps over the lazy dog.');
      if (capabilities.partialText) {
        expect(streamedText(events)).toBe('The quick brown fox jumps over the lazy dog.');
        const firstDelta = events.findIndex((event) => event.type === 'stream_event');
        const firstAssistant = events.findIndex((event) => event.type === 'assistant');
        expect(firstDelta).toBeGreaterThan(0);
        expect(firstDelta).toBeLessThan(firstAssistant);
      }
      const result = lastResult(events);
      expect(result).toMatchObject({ subtype: 'success', is_error: false });
      if (capabilities.usage) {
        expect(result.usage.input_tokens).toBeGreaterThan(0);
        expect(result.usage.output_tokens).toBeGreaterThan(0);
      }
      if (capabilities.cost) {
        expect(result.total_cost_usd).toEqual(expect.any(Number));
        expect(result.total_cost_usd!).toBeGreaterThan(0);
      }
    });

    if (capabilities.mcp) describeTools(run, () => shared.fake!);

    if (capabilities.resume) {
      it('resumes a session: the second run sends the first turn to the model', async () => {
        const word = `PAPAYA-${randomBytes(4).toString('hex')}`;
        const first = await run({ prompt: `Remember the word ${word}.` });
        const nativeSessionId = first.events[0]!.native?.sessionId;
        expect(nativeSessionId).toEqual(expect.any(String));
        shared.fake!.reset();
        const marker = `recall-${randomBytes(4).toString('hex')}`;
        shared.fake!.on((call) => call.lastUserText.includes(marker), text('You said it.'));
        const second = await run({
          prompt: `Which word? ${marker}`,
          session: { kind: 'resume', nativeSessionId: nativeSessionId! },
        });
        expect(lastResult(second.events)).toMatchObject({ subtype: 'success' });
        // The second run's requests: its turn, and with Claude's SDK (claude-agent-acp) a
        // background one naming the session, which may come last and carries only the new
        // message. The turn's request carries both the first turn's word and the new message.
        const requests = shared.fake!.modelRequests().map((call) => JSON.stringify(call.body));
        expect(
          requests.some((body) => body.includes(word) && body.includes(marker)),
          requests.join('\n'),
        ).toBe(true);
      });
    } else {
      it('refuses to resume a session it cannot (UnsupportedFeatureError, at start)', () => {
        const context = makeRunContext({
          fake: shared.fake!,
          provider: options.provider,
          apiKey,
          config: options.config,
          directories: shared.directories!,
          launcher: shared.sandbox!.launcher,
          prompt: 'Hello again.',
          session: { kind: 'resume', nativeSessionId: 'nope' },
        });
        expect(() => options.harness.start(context)).toThrow(UnsupportedFeatureError);
      });
    }

    it('cancels mid-stream within 2 s, ending with a cancelled result and no process of the run left', async () => {
      const marker = `stall-${randomBytes(4).toString('hex')}`;
      shared.fake!.on((call) => call.lastUserText.includes(marker), stall({ afterText: 'Partial answer' }));
      let cancelMs = 0;
      let cancelled = false;
      const watched = await run({ prompt: `Start answering. ${marker}` }, async (event, handle) => {
        // Mid-answer: the first partial text, or (for a runtime that streams none) the model answering.
        if (
          cancelled ||
          !(capabilities.partialText ? event.type === 'stream_event' : event.type === 'system')
        )
          return;
        cancelled = true;
        if (!capabilities.partialText) await whenAnswering(shared.fake!);
        const started = performance.now();
        await handle.cancel('test cancel');
        cancelMs = performance.now() - started;
      });
      expect(cancelled).toBe(true);
      expect(cancelMs).toBeLessThan(2000);
      expect(lastResult(watched.events)).toMatchObject({ is_error: true, error_class: 'cancelled' });
      const survivors = leftOverProcesses(watched);
      expect(survivors).toEqual([]);
    });

    // The checks ask about a platform tool: a harness that asks needs MCP to be asked about one.
    if (capabilities.permissions && capabilities.mcp) describePermissions(run, () => shared.fake!);
    describeFaults(options, run, () => shared.fake!);
    if (options.escapeChecks !== false) {
      describeEscapes(options, run, {
        fake: () => shared.fake!,
        directories: () => shared.directories!,
        envCanary,
      });
    }
  });
}

/** Platform tools and an external MCP server, for a harness that declares `mcp`. */
function describeTools<Config>(run: RunFn<Config>, fake: () => FakeLlm): void {
  it('calls a platform tool and gives its result back to the model', async () => {
    const marker = `tool-${randomBytes(4).toString('hex')}`;
    const calls: unknown[] = [];
    const echo = echoTool(calls);
    scriptToolCall(fake(), marker, 'echo_text', { text: 'ping' }, 'The tool answered.');
    const { events } = await run({ prompt: `Use the echo tool. ${marker}`, platformTools: [echo] });

    expect(calls).toEqual([{ text: 'ping' }]);
    const toolUses = events.flatMap((event) =>
      event.type === 'assistant' ? event.message.content.filter((block) => block.type === 'tool_use') : [],
    );
    expect(toolUses).toHaveLength(1);
    expect(toolUses[0]!.name).toMatch(/echo_text$/);
    expect(toolResults(events)).toEqual([{ text: 'echo:ping', isError: false }]);
    expect(lastResult(events)).toMatchObject({ subtype: 'success' });
    expect(JSON.stringify(fake().modelRequests().at(-1)?.body)).toContain('echo:ping');
  });

  it('calls a tool of an external stdio MCP server', async () => {
    const marker = `mcp-${randomBytes(4).toString('hex')}`;
    scriptToolCall(fake(), marker, 'add_numbers', { a: 2, b: 3 }, 'Added.');
    const { events } = await run({
      prompt: `Add 2 and 3. ${marker}`,
      mcpServers: { fixture: { type: 'stdio', command: process.execPath, args: [mcpFixture], env: {} } },
    });
    expect(toolResults(events)).toEqual([{ text: 'sum=5', isError: false }]);
    expect(lastResult(events)).toMatchObject({ subtype: 'success' });
  });
}

function describePermissions<Config>(run: RunFn<Config>, fake: () => FakeLlm): void {
  const ask: PermissionPolicy = { mode: 'ask', rules: [], askTimeoutMs: 10_000 };

  it.each([
    ['approved', 'allow', [{ text: 'pong' }]],
    ['denied', 'deny', []],
  ] as const)('asks before a tool runs; when %s the tool %s', async (_label, decision, expectedCalls) => {
    const marker = `perm-${randomBytes(4).toString('hex')}`;
    const calls: unknown[] = [];
    scriptToolCall(fake(), marker, 'echo_text', { text: 'pong' }, 'Done.');
    const { events } = await run(
      { prompt: `Echo pong. ${marker}`, platformTools: [echoTool(calls)], permissions: ask },
      (event, handle) => {
        if (event.type === 'permission_request')
          expect(handle.respondToPermission(event.requestId, { decision })).toBe(true);
      },
    );
    expect(calls).toEqual(expectedCalls);
    const request = events.find((event) => event.type === 'permission_request');
    expect(request).toMatchObject({ toolName: expect.stringMatching(/echo_text$/) });
    expect(events.find((event) => event.type === 'permission_resolved')).toMatchObject({
      decision,
      by: 'user',
    });
    const [result] = toolResults(events);
    if (decision === 'allow') expect(result).toEqual({ text: 'echo:pong', isError: false });
    else expect(result?.isError).toBe(true);
    expect(lastResult(events)).toMatchObject({ subtype: 'success' });
  });

  it('refuses a tool the policy denies without asking', async () => {
    const marker = `deny-${randomBytes(4).toString('hex')}`;
    const calls: unknown[] = [];
    scriptToolCall(fake(), marker, 'echo_text', { text: 'no' }, 'Refused.');
    const { events } = await run({
      prompt: `Echo no. ${marker}`,
      platformTools: [echoTool(calls)],
      permissions: { mode: 'deny', rules: [], askTimeoutMs: 10_000 },
    });
    expect(calls).toEqual([]);
    expect(events.some((event) => event.type === 'permission_request')).toBe(false);
    expect(events.find((event) => event.type === 'permission_resolved')).toMatchObject({
      decision: 'deny',
      by: 'policy',
    });
    expect(toolResults(events)[0]?.isError).toBe(true);
  });
}

/** The model calls the tool whose declared name ends with `toolSuffix`, then answers `finalText`. */
export function scriptToolCall(
  fake: FakeLlm,
  marker: string,
  toolSuffix: string,
  input: Record<string, unknown>,
  finalText: string,
): void {
  fake.on((call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult, text(finalText));
  fake.on(
    (call) => call.lastUserText.includes(marker),
    (call) => {
      const name = call.toolNames.find((declared) => declared.endsWith(toolSuffix));
      if (!name) return text(`no tool ending in ${toolSuffix} was declared: ${call.toolNames.join(', ')}`);
      return toolCall({ name, input });
    },
  );
}

/** A platform tool answering `echo:<text>`, recording its inputs. */
export function echoTool(calls: unknown[] = []): PlatformTool {
  return {
    name: 'echo_text',
    description: 'Echoes the given text back, prefixed with echo:.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    handler: async (input) => {
      calls.push(input);
      return { content: [{ type: 'text', text: `echo:${String(input.text)}` }] };
    },
  };
}

/** The run's terminal event; throws when the run did not end with a result. */
export function lastResult(events: readonly HarnessEvent[]): ResultEvent {
  const last = events.at(-1);
  if (last?.type !== 'result') throw new Error(`the run did not end with a result: ${JSON.stringify(last)}`);
  return last;
}

/** What holds for every run: one result, last; secrets in no event, argv or environment. */
function expectWellFormed(watched: WatchedRun, apiKey: string, envCanary: string): void {
  expect(watched.events.filter((event) => event.type === 'result')).toHaveLength(1);
  expect(watched.events.at(-1)?.type).toBe('result');
  expect(JSON.stringify(watched.events)).not.toContain(apiKey);
  for (const [pid, seen] of watched.processes) {
    expect(seen.cmdline, `argv of pid ${pid}`).not.toContain(apiKey);
    expect(seen.environ, `environment of pid ${pid}`).not.toContain(envCanary);
  }
}

/** What the answer check holds a harness to, from its capabilities (the test's name). */
function answerShape(capabilities: HarnessCapabilities): string {
  const parts = [
    capabilities.partialText ? 'streamed partial text, then the complete message' : 'the complete message',
  ];
  if (capabilities.usage) parts.push('usage');
  if (capabilities.cost) parts.push('cost');
  return `${parts.join(', ')} and a successful result`;
}
