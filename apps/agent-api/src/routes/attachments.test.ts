import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachmentSchema, maxAttachmentBytes } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeFileName } from '../domain/workspace-attachments.ts';
import { mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

const piAgent = {
  name: 'Pi reader',
  adapterType: 'pi',
  adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
};

describe('safeFileName', () => {
  it('keeps a base name and nothing that could leave the folder or hide the file', () => {
    expect(safeFileName('report 2026.pdf')).toBe('report 2026.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\photo.png')).toBe('photo.png');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('.env')).toBe('env');
    expect(safeFileName('a<b>|c?.txt')).toBe('a-b-c-.txt');
  });
});

describe.each(testDialects)('POST /agents/:id/attachments on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
  }, 60_000);
  afterAll(() => platform?.close());

  const upload = (agentId: string, body: unknown, identity?: typeof mallory) =>
    platform.call('POST', `/api/agent/agents/${agentId}/attachments`, body, identity);

  it("writes the file into the agent's workspace, where a run reads it", async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', piAgent)).body;
    const uploaded = await upload(agent.id, {
      name: '../notes.txt',
      contentType: 'text/plain',
      contentBase64: Buffer.from('the secret word is marmalade').toString('base64'),
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expectContract(attachmentSchema, uploaded.body);
    expect(uploaded.body).toMatchObject({ name: '../notes.txt', size: 28, contentType: 'text/plain' });
    expect(uploaded.body.path).toMatch(/^attachments\/[0-9a-f]{8}-notes\.txt$/);
    const onDisk = join(platform.home, 'agents', agent.id, 'workspace', uploaded.body.path);
    expect(readFileSync(onDisk, 'utf8')).toBe('the secret word is marmalade');
    expect(statSync(onDisk).mode & 0o777).toBe(0o600);

    // The agent's own file tool reads it at the path the prompt names.
    platform.fake.on(
      (call) => call.lastUserText.includes('read-attachment') && call.lastMessageIsToolResult,
      text('Read it.'),
    );
    platform.fake.on(
      (call) => call.lastUserText.includes('read-attachment'),
      (call) =>
        toolCall({
          name: call.toolNames.find((name) => name.endsWith('read_agent_file'))!,
          input: { path: uploaded.body.path },
        }),
    );
    const started = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
      prompt: `read-attachment ${uploaded.body.path}`,
    });
    const events = await platform.streamRun(started.body.id);
    const toolResult = events.find(
      (event) => event.type === 'user' && JSON.stringify(event).includes('tool_result'),
    );
    expect(JSON.stringify(toolResult)).toContain('marmalade');
  });

  it('refuses an oversize file with 413, a bad body with 400, another organization with 404', async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', piAgent)).body;
    const tooBig = await upload(agent.id, {
      name: 'big.bin',
      contentType: 'application/octet-stream',
      contentBase64: Buffer.alloc(maxAttachmentBytes + 1).toString('base64'),
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringMatching(/smaller/),
    });
    for (const body of [
      {},
      { name: 'a.txt', contentType: 'text/plain', contentBase64: 'not base64!' },
      { name: 'a.txt', contentType: 'plain', contentBase64: '' },
      { name: '', contentType: 'text/plain', contentBase64: '' },
      { name: 'a.txt', contentType: 'text/plain', contentBase64: '', extra: 1 },
    ]) {
      const refused = await upload(agent.id, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toMatch(/^[A-Z_]+$/);
    }
    const foreign = await upload(
      agent.id,
      { name: 'a.txt', contentType: 'text/plain', contentBase64: '' },
      mallory,
    );
    expect(foreign.status).toBe(404);
  });

  it('never writes through a link the agent left in its workspace', async () => {
    const agent = (await platform.call('POST', '/api/agent/agents', piAgent)).body;
    const workspace = join(platform.home, 'agents', agent.id, 'workspace');
    const elsewhere = mkdtempSync(join(tmpdir(), 'lifeosai-elsewhere-'));
    mkdirSync(workspace, { recursive: true });
    symlinkSync(elsewhere, join(workspace, 'attachments'));
    const refused = await upload(agent.id, {
      name: 'a.txt',
      contentType: 'text/plain',
      contentBase64: 'aGk=',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'ATTACHMENTS_FOLDER_INVALID',
      message: expect.stringMatching(/remove it/),
    });
    expect(readdirSync(elsewhere)).toEqual([]);
    rmSync(elsewhere, { recursive: true, force: true });
  });
});
