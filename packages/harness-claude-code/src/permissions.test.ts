import type { PermissionPolicy } from '@lifeosai/harness-spec';
import { describe, expect, it, vi } from 'vitest';
import { PermissionGate } from './permissions.ts';

const policy: PermissionPolicy = {
  mode: 'ask',
  rules: [
    { tool: 'Read', behavior: 'allow' },
    { tool: 'mcp__github__*', behavior: 'deny' },
    { tool: 'mcp__github__get_issue', behavior: 'allow' },
  ],
  askTimeoutMs: 50,
};

const options = (toolUseID: string) => ({
  signal: new AbortController().signal,
  toolUseID,
  requestId: 'req',
});

describe('PermissionGate', () => {
  it('asks, takes the first answer only, and reports who decided', async () => {
    const emit = vi.fn();
    const waiting = vi.fn();
    const gate = new PermissionGate(policy, { emit, waiting });
    const pending = gate.canUseTool('Bash', { command: 'ls' }, options('toolu_1'));
    const request = emit.mock.calls[0]?.[0];
    expect(request).toMatchObject({ type: 'permission_request', toolName: 'Bash', toolUseId: 'toolu_1' });
    expect(waiting).toHaveBeenLastCalledWith(true);
    expect(gate.respond(request.requestId, { decision: 'deny', message: 'not here' })).toBe(true);
    expect(gate.respond(request.requestId, { decision: 'allow' })).toBe(false);
    expect(gate.respond('perm_unknown', { decision: 'allow' })).toBe(false);
    expect(await pending).toEqual({ behavior: 'deny', message: 'not here' });
    expect(emit.mock.calls[1]?.[0]).toMatchObject({
      type: 'permission_resolved',
      requestId: request.requestId,
      decision: 'deny',
      by: 'user',
    });
    expect(waiting).toHaveBeenLastCalledWith(false);
  });

  it('denies an unanswered request when the ask times out', async () => {
    const emit = vi.fn();
    const gate = new PermissionGate(policy, { emit, waiting: () => undefined });
    expect(await gate.canUseTool('Bash', {}, options('toolu_2'))).toMatchObject({ behavior: 'deny' });
    expect(emit.mock.calls[1]?.[0]).toMatchObject({ decision: 'deny', by: 'timeout' });
  });

  it('closes pending requests without events when the run ends', async () => {
    const emit = vi.fn();
    const gate = new PermissionGate(policy, { emit, waiting: () => undefined });
    const pending = gate.canUseTool('Bash', {}, options('toolu_3'));
    gate.end();
    expect(await pending).toMatchObject({ behavior: 'deny' });
    expect(emit).toHaveBeenCalledTimes(1);
    expect(gate.respond(emit.mock.calls[0]?.[0].requestId, { decision: 'allow' })).toBe(false);
  });

  it('lets allowed calls through in the PreToolUse hook and sends the rest to canUseTool', async () => {
    const emit = vi.fn();
    const gate = new PermissionGate(policy, { emit, waiting: () => undefined });
    const hook = (tool_name: string) =>
      gate.preToolUse(
        {
          hook_event_name: 'PreToolUse',
          tool_name,
          tool_input: {},
          tool_use_id: 'toolu_4',
          session_id: 's',
          transcript_path: '/t',
          cwd: '/w',
        },
        'toolu_4',
        { signal: new AbortController().signal },
      );
    expect(await hook('Read')).toMatchObject({ hookSpecificOutput: { permissionDecision: 'allow' } });
    expect(await hook('Bash')).toMatchObject({ hookSpecificOutput: { permissionDecision: 'ask' } });
    expect(await hook('mcp__github__create_issue')).toMatchObject({
      hookSpecificOutput: { permissionDecision: 'ask' },
    });
    expect(emit).not.toHaveBeenCalled();
    expect(await gate.canUseTool('mcp__github__create_issue', {}, options('toolu_5'))).toEqual({
      behavior: 'deny',
      message: "Denied by the agent's permission policy.",
    });
    expect(emit.mock.calls[0]?.[0]).toMatchObject({
      type: 'permission_resolved',
      decision: 'deny',
      by: 'policy',
    });
  });
});
