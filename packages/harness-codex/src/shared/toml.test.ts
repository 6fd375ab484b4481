import { describe, expect, it } from 'vitest';
import { toToml } from './toml.ts';

describe('toToml', () => {
  it('writes plain values before the tables, nested tables as dotted sections', () => {
    const text = toToml({
      model: 'gpt-5',
      retries: 0,
      on: true,
      list: ['a', 'b'],
      absent: undefined,
      mcp_servers: { 'my server': { command: '/bin/x', env: { TOKEN: 'v' } } },
    });
    expect(text).toBe(
      [
        'model = "gpt-5"',
        'retries = 0',
        'on = true',
        'list = ["a", "b"]',
        '',
        '[mcp_servers."my server"]',
        'command = "/bin/x"',
        '',
        '[mcp_servers."my server".env]',
        'TOKEN = "v"',
      ].join('\n'),
    );
  });

  it('escapes strings so a value cannot open a table of its own', () => {
    const text = toToml({ developer_instructions: 'line one\n[model_providers.evil]\nbase_url = "x"' });
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toBe(
      String.raw`developer_instructions = "line one\n[model_providers.evil]\nbase_url = \"x\""`,
    );
  });
});
