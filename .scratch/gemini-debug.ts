import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import { startFakeLlm, text, toolCall, error } from '@lifeosai/testkit/fake-llm';
import { geminiPreset } from '../packages/harness-acp/src/presets/gemini.ts';

const fake = await startFakeLlm();
const root = mkdtempSync(join(tmpdir(), 'gdebug-'));
const launch = geminiPreset.prepare({ provider: 'google', credential: { apiKey: 'k', baseUrl: fake.url }, cwd: root, stateDir: join(root, 'state'), maxRetries: 0 });
fake.on((c) => c.lastUserText.includes('SHELL') && c.lastMessageIsToolResult, text('Done.'));
fake.on((c) => c.lastUserText.includes('SHELL'), toolCall({ name: 'run_shell_command', input: { command: 'echo hi-there; ls /nonexistent' } }));
fake.on((c) => c.lastUserText.includes('F400'), error(Number(process.argv[2] ?? 400)));
fake.on((c) => c.lastUserText.includes('MCP') && c.lastMessageIsToolResult, text('Added.'));
fake.on((c) => c.lastUserText.includes('MCP'), (c) => { console.log('TOOLS', c.toolNames.join(',')); return toolCall({ name: c.toolNames.find((n) => n.endsWith('add_numbers'))!, input: { a: 2, b: 3 } }); });
const child = spawn(launch.command, [...launch.args], { cwd: root, env: { PATH: process.env.PATH!, HOME: root, ...launch.env }, stdio: ['pipe', 'pipe', 'inherit'] });
const stream = acp.ndJsonStream(Writable.toWeb(child.stdin) as WritableStream<Uint8Array>, Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>);
const app = acp.client()
  .onRequest('session/request_permission', async ({ params }) => { console.log('PERM', JSON.stringify(params)); return { outcome: { outcome: 'selected', optionId: params.options.find((o) => o.kind === 'allow_once')!.optionId } }; })
  .onNotification('session/update', ({ params }) => { console.log('UPD', JSON.stringify(params.update).slice(0, 1500)); });
await app.connectWith(stream, async (agent) => {
  console.log('INIT', JSON.stringify(await agent.request('initialize', { protocolVersion: acp.PROTOCOL_VERSION, clientCapabilities: {} })));
  const s = await agent.request('session/new', { cwd: root, mcpServers: [{ name: 'fixture', command: process.execPath, args: ['/work/main/packages/harness-conformance/src/mcp-fixture-server.ts'], env: [] }] });
  console.log('NEW', JSON.stringify(s).slice(0, 500));
  for (const p of ['run MCP']) {
    try { console.log('RESULT', JSON.stringify(await agent.request('session/prompt', { sessionId: s.sessionId, prompt: [{ type: 'text', text: p }] }))); }
    catch (e) { console.log('ERR', JSON.stringify(e), String(e)); }
  }
});
child.kill('SIGKILL'); await fake.close(); process.exit(0);
