import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assistantText, streamedText, toolResults } from '@lifeosai/harness-conformance';
import { processFile } from '@lifeosai/harness-kit';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { describe, expect, it } from 'vitest';
import { claudeCodeConfigSchema } from './config.ts';
import { claudePid, echoTool, eventsOf, resultOf, TEST_MODEL, useFixture } from './test-support.ts';

const fixture = useFixture();

describe('a run against the real CLI', () => {
  it('streams text, then the assistant message, a usage event, and a result with this run’s usage and cost', async () => {
    fixture.fake.script(
      text('The quick brown fox.', { chunks: 4, usage: { inputTokens: 1000, outputTokens: 40 } }),
    );
    const { events } = await fixture.run({ prompt: 'Say the sentence.' });

    expect(events[0]).toMatchObject({ type: 'system', subtype: 'init', model: TEST_MODEL, cwd: fixture.cwd });
    expect(events[0]?.native?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(streamedText(events)).toBe('The quick brown fox.');
    expect(assistantText(events)).toBe('The quick brown fox.');
    const types = events.map((event) => event.type);
    expect(types.indexOf('stream_event')).toBeLessThan(types.indexOf('assistant'));
    expect(eventsOf(events, 'usage')).toEqual([
      {
        type: 'usage',
        model: TEST_MODEL,
        usage: {
          input_tokens: 1000,
          output_tokens: 40,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    ]);
    const result = resultOf(events);
    expect(result).toMatchObject({
      subtype: 'success',
      is_error: false,
      result: 'The quick brown fox.',
      stop_reason: 'end_turn',
      num_turns: 1,
      cost_computed: false,
      usage: { input_tokens: 1000, output_tokens: 40 },
      native: { sessionId: events[0]?.native?.sessionId },
    });
    // Sonnet 4.6 list prices: $3 in, $15 out per million tokens.
    expect(result.total_cost_usd).toBeCloseTo(0.0036, 10);
    expect(result.modelUsage[TEST_MODEL]).toMatchObject({ inputTokens: 1000, outputTokens: 40 });
  });

  it('starts the CLI with a built environment: no service variable, HOME and config in the data dir, key only in env', async () => {
    const canary = `service-canary-${Date.now()}`;
    process.env.LIFEOSAI_SERVICE_CANARY = canary;
    try {
      fixture.fake.script(text('ok'));
      let environ = '';
      let cmdline = '';
      const { events } = await fixture.run({ env: { AGENT_VAR: 'from-run-env' } }, (event) => {
        const pid = claudePid();
        if (event.type === 'system' && pid) {
          environ = processFile(pid, 'environ');
          cmdline = processFile(pid, 'cmdline');
        }
      });
      expect(resultOf(events).is_error).toBe(false);
      expect(environ).not.toBe('');
      expect(environ).not.toContain(canary);
      expect(environ).toContain(`ANTHROPIC_API_KEY=${fixture.apiKey}`);
      expect(environ).toContain(`HOME=${fixture.dataDir}`);
      expect(environ).toContain(`CLAUDE_CONFIG_DIR=${join(fixture.dataDir, 'claude')}`);
      expect(environ).toContain('AGENT_VAR=from-run-env');
      expect(cmdline).not.toContain(fixture.apiKey);
      expect(existsSync(join(fixture.dataDir, 'claude'))).toBe(true);
    } finally {
      delete process.env.LIFEOSAI_SERVICE_CANARY;
    }
  });

  it('sends the key and the instructions to the model, appended to Claude Code’s own prompt', async () => {
    fixture.fake.script(text('ok'));
    await fixture.run({ instructions: 'Always answer in haiku. INSTRUCTION-MARK' });
    const request = fixture.fake.modelRequests()[0]!;
    expect(request.headers['x-api-key']).toBe(fixture.apiKey);
    const system = JSON.stringify((request.body as { system?: unknown }).system);
    expect(system).toContain('INSTRUCTION-MARK');
    expect(system).toContain('Claude Code');
  });

  it('exposes platform tools with their exact JSON Schema, loaded without tool search, and calls the handler', async () => {
    const calls: Array<{ input: unknown; toolUseId?: string }> = [];
    fixture.fake.script(
      toolCall({ name: 'mcp__lifeos__echo_text', input: { text: 'ping' }, id: 'toolu_echo_1' }),
      text('The tool answered.'),
    );
    const tool = echoTool(calls);
    const { events } = await fixture.run({ platformTools: [tool] });

    expect(calls).toEqual([{ input: { text: 'ping' }, toolUseId: 'toolu_echo_1' }]);
    expect(toolResults(events)).toEqual([{ text: 'echo:ping', isError: false }]);
    const declared = (
      fixture.fake.modelRequests()[0]!.body as { tools: Array<Record<string, unknown>> }
    ).tools.find((entry) => entry.name === 'mcp__lifeos__echo_text');
    expect(declared).toEqual({
      name: 'mcp__lifeos__echo_text',
      description: tool.description,
      input_schema: tool.inputSchema,
    });
    expect(events[0]).toMatchObject({ mcp_servers: [{ name: 'lifeos', status: 'connected' }] });
  });

  it('turns a throwing platform tool into an error tool result, not a failed run', async () => {
    fixture.fake.script(toolCall({ name: 'mcp__lifeos__explode', input: {} }), text('It failed.'));
    const { events } = await fixture.run({
      platformTools: [
        {
          name: 'explode',
          description: 'Always throws.',
          inputSchema: { type: 'object', properties: {} },
          handler: async () => {
            throw new Error('kaboom');
          },
        },
      ],
    });
    expect(toolResults(events)).toEqual([{ text: 'The tool explode failed: kaboom', isError: true }]);
    expect(resultOf(events)).toMatchObject({ subtype: 'success', is_error: false });
  });

  it('loads skill folders as a per-run plugin and removes it afterwards', async () => {
    const weather = fileURLToPath(new URL('./fixtures/skills/weather', import.meta.url));
    fixture.fake.script(text('Sunny.'));
    const { events } = await fixture.run({ skills: [{ name: 'weather', path: weather }] });
    expect(eventsOf(events, 'system')[0]).toMatchObject({
      skills: expect.arrayContaining(['lifeos:weather']),
    });
    expect(JSON.stringify(fixture.fake.modelRequests()[0]?.body)).toContain('Tells the weather for a city.');
    expect(readdirSync(join(fixture.dataDir, 'claude-code', 'runs'))).toEqual([]);
  });

  it('prices a model Claude Code has no price for from our table', async () => {
    fixture.fake.script(text('ok', { usage: { inputTokens: 1_000_000, outputTokens: 0 } }));
    const { events } = await fixture.run({
      config: claudeCodeConfigSchema.parse({ model: 'gpt-4o', maxRetries: 0 }),
    });
    expect(resultOf(events)).toMatchObject({ cost_computed: true, total_cost_usd: 2.5 });
  });
});
