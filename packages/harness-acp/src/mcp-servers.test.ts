import { describe, expect, it } from 'vitest';
import { acpMcpServers } from './mcp-servers.ts';

const servers = {
  files: { type: 'stdio', command: 'npx', args: ['-y', 'mcp-files'], env: { ROOT: '/tmp/files' } },
  github: {
    type: 'http',
    url: 'https://mcp.example.com/mcp',
    headers: { authorization: 'Bearer t0ken-value' },
  },
} as const;

describe('acpMcpServers', () => {
  it('passes stdio servers always and HTTP servers to agents that take them, as ACP lists', () => {
    expect(acpMcpServers(servers, { http: true })).toEqual({
      servers: [
        {
          name: 'files',
          command: 'npx',
          args: ['-y', 'mcp-files'],
          env: [{ name: 'ROOT', value: '/tmp/files' }],
        },
        {
          type: 'http',
          name: 'github',
          url: 'https://mcp.example.com/mcp',
          headers: [{ name: 'authorization', value: 'Bearer t0ken-value' }],
        },
      ],
      unsupported: [],
    });
  });

  it('leaves out HTTP servers for an agent without HTTP support, and names them', () => {
    const { servers: passed, unsupported } = acpMcpServers(servers, {});
    expect(passed.map((server) => server.name)).toEqual(['files']);
    expect(unsupported).toEqual(['github']);
  });
});
