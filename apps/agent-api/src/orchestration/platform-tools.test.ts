import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformToolsFor } from './platform-tools.ts';

const workspace = mkdtempSync(join(tmpdir(), 'lifeosai-tools-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
const signal = new AbortController().signal;
const tool = (name: string) => platformToolsFor(workspace).find((candidate) => candidate.name === name)!;

describe('platform tools', () => {
  it("lists and reads the agent's own files", async () => {
    writeFileSync(join(workspace, 'notes.md'), '# Notes\nbuy milk\n');
    expect(await tool('list_agent_files').handler({}, { signal })).toEqual({
      content: [{ type: 'text', text: 'notes.md\t17 bytes' }],
    });
    expect(await tool('read_agent_file').handler({ path: 'notes.md' }, { signal })).toEqual({
      content: [{ type: 'text', text: '# Notes\nbuy milk\n' }],
    });
  });

  it('refuses paths outside the workspace as an error result, not a crash', async () => {
    symlinkSync('/etc/hostname', join(workspace, 'escape'));
    for (const path of ['../../etc/passwd', '/etc/passwd', 'escape']) {
      const result = await tool('read_agent_file').handler({ path }, { signal });
      expect(result.isError).toBe(true);
    }
    const missing = await tool('read_agent_file').handler({ path: 'nope.txt' }, { signal });
    expect(missing.isError).toBe(true);
  });
});
