/**
 * A tiny stdio MCP server for the conformance suite: one tool, `add_numbers`, answering
 * `sum=<a+b>`. Started by the harness under test as an ordinary stdio MCP server.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'conformance-fixture', version: '1.0.0' });
server.registerTool(
  'add_numbers',
  { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } },
  async ({ a, b }) => ({ content: [{ type: 'text', text: `sum=${a + b}` }] }),
);
await server.connect(new StdioServerTransport());
