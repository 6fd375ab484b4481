import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assistantText, scriptToolCall, streamedText, toolResults } from '@lifeosai/harness-conformance';
import { reply, text } from '@lifeosai/testkit/fake-llm';
import { startHttpMcpServer } from '@lifeosai/testkit/mcp-http-server';
import { describe, expect, it } from 'vitest';
import { echoTool, mcpFixture, providers, resultOf, useHarnessEnvironment } from './test-support.ts';

describe.each(providers)('pi harness runs (%s)', (provider) => {
  const env = useHarnessEnvironment();

  it('streams text, then the assistant message, then a success result with usage and cost', async () => {
    env.fake().script(text('The quick brown fox jumps.', { chunks: 5 }));
    const { events } = await env.run(env.context(provider, { prompt: 'Say it.' }));

    expect(events[0]).toMatchObject({
      type: 'system',
      subtype: 'init',
      model: provider === 'openai' ? 'gpt-4o' : 'claude-sonnet-4-6',
      tools: expect.arrayContaining(['read', 'bash', 'edit', 'write']),
      permissionMode: 'allow',
      harness_version: '0.87.1',
      native: { sessionId: expect.any(String) },
    });
    expect(streamedText(events)).toBe('The quick brown fox jumps.');
    expect(assistantText(events)).toBe('The quick brown fox jumps.');
    const kinds = events.map((event) => event.type);
    expect(kinds.indexOf('stream_event')).toBeLessThan(kinds.indexOf('assistant'));
    expect(kinds.indexOf('assistant')).toBeLessThan(kinds.indexOf('usage'));
    const result = resultOf(events);
    expect(result).toMatchObject({
      subtype: 'success',
      is_error: false,
      result: 'The quick brown fox jumps.',
      stop_reason: 'end_turn',
      num_turns: 1,
      cost_computed: true,
      native: { sessionId: events[0]!.native!.sessionId },
    });
    const request = env.fake().modelRequests()[0]!;
    expect(result.usage.input_tokens).toBeGreaterThan(0);
    expect(result.usage.output_tokens).toBe(7); // 26 characters / 4, rounded up: the fake's count
    expect(result.total_cost_usd).toBeGreaterThan(0);
    // The key reached the provider in its own header, and the instructions the system prompt.
    const auth = provider === 'openai' ? request.headers.authorization : request.headers['x-api-key'];
    expect(auth).toContain(env.apiKey);
    expect(JSON.stringify(request.body)).toContain('You are a test agent.');
  });

  it('calls a platform tool in the parent and gives its result back to the model', async () => {
    const marker = `tool-${randomBytes(4).toString('hex')}`;
    const calls: unknown[] = [];
    scriptToolCall(env.fake(), marker, 'echo_text', { text: 'ping' }, 'The tool answered.');
    const { events } = await env.run(
      env.context(provider, { prompt: `Use the echo tool. ${marker}`, platformTools: [echoTool(calls)] }),
    );
    expect(calls).toEqual([{ text: 'ping' }]);
    expect(events[0]).toMatchObject({ tools: expect.arrayContaining(['mcp__lifeosai__echo_text']) });
    expect(toolResults(events)).toEqual([{ text: 'echo:ping', isError: false }]);
    expect(resultOf(events)).toMatchObject({
      subtype: 'success',
      num_turns: 2,
      result: 'The tool answered.',
    });
    expect(JSON.stringify(env.fake().modelRequests().at(-1)?.body)).toContain('echo:ping');
  });

  it('turns a throwing platform tool into an error tool result, not a failed run', async () => {
    const marker = `throw-${randomBytes(4).toString('hex')}`;
    scriptToolCall(env.fake(), marker, 'broken', {}, 'It broke.');
    const broken = {
      name: 'broken',
      description: 'Always throws.',
      inputSchema: { type: 'object' as const, properties: {} },
      handler: async () => {
        throw new Error('database unreachable');
      },
    };
    const { events } = await env.run(
      env.context(provider, { prompt: `Break. ${marker}`, platformTools: [broken] }),
    );
    expect(toolResults(events)).toEqual([
      { text: 'The tool broken failed: database unreachable', isError: true },
    ]);
    expect(resultOf(events)).toMatchObject({ subtype: 'success' });
  });

  it('calls tools of a stdio MCP server, successful and failing', async () => {
    const marker = `mcp-${randomBytes(4).toString('hex')}`;
    scriptToolCall(env.fake(), marker, 'add_numbers', { a: 2, b: 3 }, 'Added.');
    const mcpServers = { fixture: { type: 'stdio' as const, command: process.execPath, args: [mcpFixture] } };
    const { events } = await env.run(env.context(provider, { prompt: `Add. ${marker}`, mcpServers }));
    expect(events[0]).toMatchObject({
      mcp_servers: [{ name: 'fixture', status: 'connected' }],
      tools: expect.arrayContaining(['mcp__fixture__add_numbers', 'mcp__fixture__fail_always']),
    });
    expect(toolResults(events)).toEqual([{ text: 'sum=5', isError: false }]);

    const failing = `mcp-fail-${randomBytes(4).toString('hex')}`;
    scriptToolCall(env.fake(), failing, 'fail_always', {}, 'It failed.');
    const second = await env.run(env.context(provider, { prompt: `Fail. ${failing}`, mcpServers }));
    expect(toolResults(second.events)).toEqual([{ text: 'this tool always fails', isError: true }]);
  });

  it('calls a tool of a Streamable HTTP MCP server, sending the configured headers', async () => {
    await using server = await startHttpMcpServer();
    // The server is on the host's loopback: reachable from the sandbox once allowed, like a
    // local MCP server an operator lists in LIFEOSAI_SANDBOX_ALLOW.
    const sandbox = await env.sandboxReaching([Number(new URL(server.url).port)]);
    const marker = `http-${randomBytes(4).toString('hex')}`;
    scriptToolCall(env.fake(), marker, 'shout', { text: 'quiet' }, 'Shouted.');
    const { events } = await env
      .run(
        env.context(provider, {
          prompt: `Shout. ${marker}`,
          launcher: sandbox.launcher,
          mcpServers: {
            web: { type: 'http', url: server.url, headers: { authorization: 'Bearer mcp-token' } },
          },
        }),
      )
      .finally(() => sandbox.close());
    expect(events[0]).toMatchObject({ mcp_servers: [{ name: 'web', status: 'connected' }] });
    expect(toolResults(events)).toEqual([{ text: 'QUIET', isError: false }]);
    expect(server.headers.length).toBeGreaterThan(0);
    expect(server.headers.every((headers) => headers.authorization === 'Bearer mcp-token')).toBe(true);
  });

  it('reports an MCP server that cannot start as failed and runs without it', async () => {
    env.fake().script(text('Fine without it.'));
    const { events } = await env.run(
      env.context(provider, {
        mcpServers: { missing: { type: 'stdio', command: '/nonexistent/mcp-server' } },
      }),
    );
    expect(events[0]).toMatchObject({ mcp_servers: [{ name: 'missing', status: 'failed' }] });
    expect(resultOf(events)).toMatchObject({ subtype: 'success' });
  });

  it('loads skill folders into the system prompt', async () => {
    const dirs = env.agentDirs();
    const skillDir = join(dirs.dataDir, 'skills', 'release-notes');
    mkdirSync(skillDir, { recursive: true });
    writeFileSync(
      join(skillDir, 'SKILL.md'),
      '---\nname: release-notes\ndescription: Writes release notes from a git log.\n---\n\n# Release notes\n',
    );
    env.fake().script(text('ok'));
    const { events } = await env.run(
      env.context(provider, { ...dirs, skills: [{ name: 'release-notes', path: skillDir }] }),
    );
    expect(events[0]).toMatchObject({ skills: ['release-notes'] });
    expect(JSON.stringify(env.fake().modelRequests()[0]!.body)).toContain(
      'Writes release notes from a git log.',
    );
  });

  it('declares the model’s streamed thinking as thinking blocks', async () => {
    env.fake().script(reply({ thinking: 'Hmm.', text: 'Answer.' }));
    const { events } = await env.run(env.context(provider, { config: { thinking: 'low' } }));
    const assistant = events.find((event) => event.type === 'assistant');
    const thinking = assistant?.type === 'assistant' ? assistant.message.content[0] : undefined;
    if (provider === 'anthropic') expect(thinking).toMatchObject({ type: 'thinking', thinking: 'Hmm.' });
    expect(assistantText(events)).toBe('Answer.');
  });
});
