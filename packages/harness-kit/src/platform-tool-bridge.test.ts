import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformTool } from '@lifeosai/harness-spec';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCallToJudge } from './permission-broker.ts';
import { openPlatformToolBridge } from './platform-tool-bridge.ts';

const echo: PlatformTool = {
  name: 'echo_text',
  description: 'Echoes text.',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  handler: async (input) => ({ content: [{ type: 'text', text: `echo:${String(input.text)}` }] }),
};
const broken: PlatformTool = {
  name: 'broken',
  description: 'Always throws.',
  inputSchema: { type: 'object' },
  handler: async () => {
    throw new Error('boom');
  },
};

describe('openPlatformToolBridge', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A bridge and an MCP client that reaches it through the real relay process, as a runtime would. */
  async function open(judge?: (call: ToolCallToJudge) => Promise<{ allow: boolean; message?: string }>) {
    const directory = mkdtempSync(join(tmpdir(), 'bridge-'));
    const controller = new AbortController();
    const bridge = await openPlatformToolBridge({
      directory,
      tools: [echo, broken],
      signal: controller.signal,
      ...(judge ? { judge } : {}),
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: bridge.server.command, args: [...(bridge.server.args ?? [])] }),
    );
    cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
    cleanups.push(() => bridge.close());
    cleanups.push(() => client.close());
    return { bridge, client, directory, controller };
  }

  it('serves the platform tools to a client started as a stdio command', async () => {
    const { bridge, client } = await open();
    expect(bridge.server.args?.join(' ')).not.toMatch(/key|token/i);
    const listed = await client.listTools();
    expect(listed.tools.map((tool) => tool.name)).toEqual(['echo_text', 'broken']);
    expect(listed.tools[0]?.inputSchema).toMatchObject({ required: ['text'] });
    const result = await client.callTool({ name: 'echo_text', arguments: { text: 'hi' } });
    expect(result).toMatchObject({ content: [{ type: 'text', text: 'echo:hi' }], isError: false });
  });

  it('turns a handler’s throw and an unknown tool into error results', async () => {
    const { client } = await open();
    expect(await client.callTool({ name: 'broken', arguments: {} })).toMatchObject({
      isError: true,
      content: [{ text: 'The tool broken failed: boom' }],
    });
    expect(await client.callTool({ name: 'nope', arguments: {} })).toMatchObject({ isError: true });
  });

  it('asks the judge with the name the harness reports, and refuses what it refuses', async () => {
    const judged: ToolCallToJudge[] = [];
    const { client } = await open(async (call) => {
      judged.push(call);
      return { allow: false, message: 'Not today.' };
    });
    const result = await client.callTool({ name: 'echo_text', arguments: { text: 'x' } });
    expect(result).toMatchObject({ isError: true, content: [{ text: 'Not today.' }] });
    expect(judged).toEqual([{ toolName: 'mcp__lifeos__echo_text', input: { text: 'x' } }]);
  });

  it('removes its socket when closed or when the run’s signal aborts', async () => {
    const first = await open();
    await first.bridge.close();
    await first.bridge.close();
    expect(readdirSync(first.directory)).toEqual([]);
    const second = await open();
    const socket = second.bridge.server.args?.[1] ?? '';
    expect(existsSync(socket)).toBe(true);
    second.controller.abort();
    await expect.poll(() => existsSync(socket)).toBe(false);
  });

  it('refuses a directory whose path is too long for a Unix socket', async () => {
    await expect(
      openPlatformToolBridge({
        directory: `/tmp/${'x'.repeat(120)}`,
        tools: [],
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(/too long/);
  });
});
