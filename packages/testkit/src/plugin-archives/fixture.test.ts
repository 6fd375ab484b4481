import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expect, it } from 'vitest';
import { claudePluginHelloFolder } from './index.ts';

it("the fixture plugin's MCP server answers the real MCP client: one tool, its distinctive text", async () => {
  const client = new Client({ name: 'fixture-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(claudePluginHelloFolder, 'server.mjs')],
    }),
  );
  try {
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['hello_secret']);
    const result = await client.callTool({ name: 'hello_secret', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'The hello plugin says: TANGERINE-HARBOR-7319' }]);
  } finally {
    await client.close();
  }
});
