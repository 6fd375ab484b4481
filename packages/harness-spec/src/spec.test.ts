import {
  emptyUsage,
  type HarnessEvent,
  harnessEventSchema,
  isTerminalEvent,
  type ResultEvent,
} from '@lifeosai/events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Harness } from './harness.ts';
import type { HarnessRegistry } from './harness-registry.ts';
import type { RunContext } from './run-context.ts';
import type { RunHandle } from './run-handle.ts';
import { isUnsupported, UnsupportedFeatureError } from './unsupported-feature-error.ts';

/*
 * A minimal in-memory harness: it echoes the prompt as one text block. It exercises the
 * contract's shape (it must `satisfy Harness`) and the stream rules every real harness
 * follows; the full rules live in the conformance suite.
 */

const echoConfigSchema = z.object({ model: z.string().default('echo-1') });
type EchoConfig = z.infer<typeof echoConfigSchema>;

function startEcho(ctx: RunContext<EchoConfig>): RunHandle {
  if (ctx.session.kind !== 'new') throw new UnsupportedFeatureError('echo', ctx.session.kind);
  let cancelled = ctx.signal.aborted;
  ctx.signal.addEventListener('abort', () => {
    cancelled = true;
  });
  async function* events(): AsyncGenerator<HarnessEvent> {
    yield {
      type: 'system',
      subtype: 'init',
      model: ctx.config.model,
      tools: [],
      cwd: ctx.cwd,
      mcp_servers: [],
      permissionMode: ctx.permissions.mode,
      native: { sessionId: `echo-${ctx.runId}` },
    };
    if (cancelled) {
      yield {
        type: 'error',
        errorClass: 'cancelled',
        message: 'cancelled before the reply',
        retryable: false,
      };
      yield result({ is_error: true, subtype: 'error_during_execution', error_class: 'cancelled' });
      return;
    }
    yield {
      type: 'assistant',
      message: {
        id: 'msg_echo_1',
        role: 'assistant',
        model: ctx.config.model,
        content: [{ type: 'text', text: ctx.prompt }],
        stop_reason: 'end_turn',
      },
      parent_tool_use_id: null,
    };
    yield result({ is_error: false, subtype: 'success', result: ctx.prompt });
  }
  return {
    events: events(),
    cancel: async () => {
      cancelled = true;
    },
    respondToPermission: () => false,
  };
}

function result(outcome: Pick<ResultEvent, 'is_error' | 'subtype'> & Partial<ResultEvent>): ResultEvent {
  return {
    type: 'result',
    usage: emptyUsage(),
    modelUsage: {},
    total_cost_usd: 0,
    cost_computed: false,
    num_turns: 1,
    duration_ms: 1,
    ...outcome,
  };
}

const echoHarness = {
  specificationVersion: 'v1',
  id: 'echo',
  displayName: 'Echo',
  capabilities: {
    resume: false,
    fork: false,
    permissions: false,
    partialText: false,
    usage: false,
    cost: false,
    mcp: false,
    skills: false,
    followUp: false,
    interruptContinue: false,
  },
  configSchema: echoConfigSchema,
  metadata: {
    description: 'Echoes the prompt.',
    providers: ['echo'],
    models: [{ id: 'echo-1', displayName: 'Echo 1', provider: 'echo', isDefault: true }],
    configFields: [{ key: 'model', label: 'Model', kind: 'model' }],
  },
  checkEnvironment: async (_ctx) => [{ id: 'always-ready', status: 'ok', message: 'Echo needs nothing.' }],
  listModels: async (_ctx) => [{ id: 'echo-1', displayName: 'Echo 1', provider: 'echo', isDefault: true }],
  start: startEcho,
} satisfies Harness<EchoConfig>;

function runContext(overrides: Partial<RunContext<EchoConfig>> = {}): RunContext<EchoConfig> {
  return {
    runId: 'run_1',
    agentId: 'agt_1',
    prompt: 'hello',
    config: { model: 'echo-1' },
    cwd: '/tmp/agent/workspace',
    dataDir: '/tmp/agent/data',
    session: { kind: 'new' },
    credentials: { anthropic: { apiKey: 'sk-test' } },
    env: {},
    // The echo harness starts no process.
    launcher: {
      isolation: 'none',
      spawn: () => {
        throw new Error('the echo harness starts no process');
      },
    },
    signal: new AbortController().signal,
    limits: { stallTimeoutMs: 60_000, runTimeoutMs: 600_000 },
    platformTools: [],
    mcpServers: {},
    skills: [],
    permissions: { mode: 'allow', rules: [], askTimeoutMs: 30_000 },
    ...overrides,
  };
}

async function collect(handle: RunHandle): Promise<HarnessEvent[]> {
  const events: HarnessEvent[] = [];
  for await (const event of handle.events) events.push(event);
  return events;
}

describe('harness contract', () => {
  it('yields valid bodies that end with exactly one result', async () => {
    const events = await collect(echoHarness.start(runContext()));
    expect(events.map((event) => event.type)).toEqual(['system', 'assistant', 'result']);
    for (const event of events) expect(harnessEventSchema.safeParse(event).success).toBe(true);
    expect(events.filter((event) => isTerminalEvent(event))).toHaveLength(1);
    expect(isTerminalEvent(events.at(-1)!)).toBe(true);
    const assistant = events[1];
    expect(assistant?.type === 'assistant' && assistant.message.content).toEqual([
      { type: 'text', text: 'hello' },
    ]);
  });

  it('ends a cancelled run with an error and a cancelled result instead of throwing', async () => {
    const handle = echoHarness.start(runContext());
    await handle.cancel('user asked');
    await handle.cancel('again');
    const events = await collect(handle);
    expect(events.slice(-2)).toMatchObject([
      { type: 'error', errorClass: 'cancelled' },
      { type: 'result', is_error: true, error_class: 'cancelled' },
    ]);
  });

  it('has no permission requests to answer', () => {
    expect(echoHarness.start(runContext()).respondToPermission('nope', { decision: 'allow' })).toBe(false);
  });

  it('throws UnsupportedFeatureError for a session kind it does not declare', () => {
    const fork = runContext({ session: { kind: 'fork', nativeSessionId: 'echo-run_0' } });
    const attempt = () => echoHarness.start(fork);
    expect(attempt).toThrow(UnsupportedFeatureError);
    try {
      attempt();
    } catch (error) {
      expect(isUnsupported(error)).toBe(true);
      expect(error).toMatchObject({
        harnessId: 'echo',
        feature: 'fork',
        message: 'harness "echo" does not support fork',
      });
    }
    expect(isUnsupported(new Error('fork'))).toBe(false);
  });

  it('accepts a zod schema as the config validator, naming the bad field', () => {
    expect(echoHarness.configSchema.safeParse({})).toEqual({ success: true, data: { model: 'echo-1' } });
    const rejected = echoHarness.configSchema.safeParse({ model: 7 });
    expect(rejected.success).toBe(false);
    expect(rejected.error?.issues[0]?.path).toEqual(['model']);
  });

  it('reports diagnostics and models without a run', async () => {
    const ctx = { credentials: {}, env: {}, signal: new AbortController().signal };
    expect(await echoHarness.checkEnvironment(ctx)).toEqual([
      { id: 'always-ready', status: 'ok', message: 'Echo needs nothing.' },
    ]);
    expect((await echoHarness.listModels(ctx)).map((model) => model.id)).toEqual(['echo-1']);
  });

  it('fits a registry of harnesses with different config types', () => {
    const byId = new Map<string, Harness>();
    const registry: HarnessRegistry = {
      register(harness) {
        if (byId.has(harness.id)) throw new Error(`harness "${harness.id}" is already registered`);
        byId.set(harness.id, harness);
      },
      get: (id) => byId.get(id),
      list: () => [...byId.values()],
    };
    registry.register(echoHarness);
    expect(() => registry.register(echoHarness)).toThrow('already registered');
    expect(registry.get('echo')?.displayName).toBe('Echo');
    expect(registry.list().map((harness) => harness.id)).toEqual(['echo']);
  });
});
