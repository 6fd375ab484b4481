import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HarnessEvent } from '@lifeosai/events';
import { PermissionBroker, type ToolCallToJudge } from '@lifeosai/harness-kit';
import type { PermissionPolicy } from '@lifeosai/harness-spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPermissionGate, type PermissionGate } from './permission-gate.ts';

/** Runs the hook command as Codex does (through a shell), with Codex's hook input on stdin. */
function runHook(command: string, stdin: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
    child.stdin.end(stdin);
  });
}

const call = (toolName: string, input: Record<string, unknown> = {}) =>
  JSON.stringify({
    hook_event_name: 'PreToolUse',
    tool_name: toolName,
    tool_input: input,
    tool_use_id: 'call_1',
  });

describe('the permission gate and Codex’s PreToolUse hook', () => {
  let directory: string;
  let ended: AbortController;
  let gate: PermissionGate | undefined;
  let events: HarnessEvent[];
  let judged: ToolCallToJudge[];

  async function open(policy: PermissionPolicy): Promise<PermissionGate> {
    const broker = new PermissionBroker({ policy, emit: (event) => events.push(event) });
    gate = await openPermissionGate({
      directory,
      judge: (question) => {
        judged.push(question);
        return broker.judge(question);
      },
      signal: ended.signal,
    });
    return gate;
  }

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'codex-gate-'));
    ended = new AbortController();
    events = [];
    judged = [];
  });
  afterEach(async () => {
    await gate?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('lets a call the policy allows run', async () => {
    const { command } = await open({
      mode: 'deny',
      rules: [{ tool: 'Bash', behavior: 'allow' }],
      askTimeoutMs: 5000,
    });
    expect(await runHook(command, call('Bash', { command: 'ls' }))).toEqual({ code: 0, stderr: '' });
    expect(judged).toEqual([{ toolName: 'Bash', toolUseId: 'call_1', input: { command: 'ls' } }]);
  });

  it('refuses a call the policy denies, telling the model why, with permission_resolved by policy', async () => {
    const { command } = await open({
      mode: 'allow',
      rules: [{ tool: 'apply_patch', behavior: 'deny' }],
      askTimeoutMs: 5000,
    });
    const outcome = await runHook(command, call('apply_patch'));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('does not allow apply_patch');
    expect(events).toEqual([
      expect.objectContaining({ type: 'permission_resolved', decision: 'deny', by: 'policy' }),
    ]);
  });

  it('leaves platform tools to the bridge, which judges them itself', async () => {
    const { command } = await open({ mode: 'deny', rules: [], askTimeoutMs: 5000 });
    expect((await runHook(command, call('mcp__lifeos__remember'))).code).toBe(0);
    expect(judged).toEqual([]);
  });

  it('refuses when the gate is gone or the call cannot be read: it fails closed', async () => {
    const { command } = await open({ mode: 'allow', rules: [], askTimeoutMs: 5000 });
    expect((await runHook(command, 'not json')).code).toBe(2);
    ended.abort();
    await gate!.close();
    const outcome = await runHook(command, call('Bash'));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('could not be asked');
  });
});
