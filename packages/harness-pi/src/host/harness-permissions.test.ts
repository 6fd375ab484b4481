import { randomBytes } from 'node:crypto';
import { scriptToolCall, toolResults } from '@lifeosai/harness-conformance';
import type { PermissionPolicy } from '@lifeosai/harness-spec';
import { describe, expect, it } from 'vitest';
import { echoTool, providers, resultOf, useHarnessEnvironment } from './test-support.ts';

const ask: PermissionPolicy = { mode: 'ask', rules: [], askTimeoutMs: 10_000 };

describe.each(providers)('pi harness permissions (%s)', (provider) => {
  const env = useHarnessEnvironment();

  it('asks before a built-in tool runs and runs it once approved', async () => {
    const marker = `bash-${randomBytes(4).toString('hex')}`;
    scriptToolCall(env.fake(), marker, 'bash', { command: `echo approved-${marker}` }, 'Ran it.');
    const { events } = await env.run(
      env.context(provider, { prompt: marker, permissions: ask }),
      (event, handle) => {
        if (event.type !== 'permission_request') return;
        expect(handle.respondToPermission(event.requestId, { decision: 'allow' })).toBe(true);
        expect(handle.respondToPermission(event.requestId, { decision: 'deny' })).toBe(false);
      },
    );
    const request = events.find((event) => event.type === 'permission_request');
    expect(request).toMatchObject({
      toolName: 'bash',
      input: { command: `echo approved-${marker}` },
      toolUseId: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(events.find((event) => event.type === 'permission_resolved')).toMatchObject({
      requestId: request?.type === 'permission_request' ? request.requestId : '',
      decision: 'allow',
      by: 'user',
    });
    expect(toolResults(events)[0]).toEqual({ text: `approved-${marker}\n`, isError: false });
  });

  it('tells the model a person refused, with their message, and the tool does not run', async () => {
    const marker = `deny-${randomBytes(4).toString('hex')}`;
    const calls: unknown[] = [];
    scriptToolCall(env.fake(), marker, 'echo_text', { text: 'no' }, 'Understood.');
    const { events } = await env.run(
      env.context(provider, { prompt: marker, permissions: ask, platformTools: [echoTool(calls)] }),
      (event, handle) => {
        if (event.type === 'permission_request') {
          handle.respondToPermission(event.requestId, { decision: 'deny', message: 'not on production' });
        }
      },
    );
    expect(calls).toEqual([]);
    expect(events.find((event) => event.type === 'permission_resolved')).toMatchObject({
      decision: 'deny',
      by: 'user',
      message: 'not on production',
    });
    expect(toolResults(events)).toEqual([{ text: 'not on production', isError: true }]);
    expect(resultOf(events)).toMatchObject({ subtype: 'success', result: 'Understood.' });
  });

  it('denies by timeout when nobody answers, and the wait is not a stall', async () => {
    const marker = `timeout-${randomBytes(4).toString('hex')}`;
    const calls: unknown[] = [];
    scriptToolCall(env.fake(), marker, 'echo_text', { text: 'late' }, 'Gave up.');
    const { events } = await env.run(
      env.context(provider, {
        prompt: marker,
        platformTools: [echoTool(calls)],
        permissions: { mode: 'ask', rules: [], askTimeoutMs: 2500 },
        limits: { stallTimeoutMs: 1500, runTimeoutMs: 60_000 },
      }),
    );
    expect(calls).toEqual([]);
    expect(events.find((event) => event.type === 'permission_resolved')).toMatchObject({
      decision: 'deny',
      by: 'timeout',
    });
    expect(toolResults(events)[0]).toMatchObject({
      isError: true,
      text: expect.stringContaining('Nobody approved'),
    });
    expect(resultOf(events)).toMatchObject({ subtype: 'success' });
  });

  it('refuses what a policy rule denies without asking, and allows what a rule allows', async () => {
    const marker = `rule-${randomBytes(4).toString('hex')}`;
    const calls: unknown[] = [];
    scriptToolCall(env.fake(), marker, 'echo_text', { text: 'x' }, 'Refused.');
    const policy: PermissionPolicy = {
      mode: 'allow',
      rules: [{ tool: 'mcp__lifeosai__*', behavior: 'deny' }],
      askTimeoutMs: 10_000,
    };
    const { events } = await env.run(
      env.context(provider, { prompt: marker, platformTools: [echoTool(calls)], permissions: policy }),
    );
    expect(calls).toEqual([]);
    expect(events.some((event) => event.type === 'permission_request')).toBe(false);
    expect(events.find((event) => event.type === 'permission_resolved')).toMatchObject({
      toolName: 'mcp__lifeosai__echo_text',
      decision: 'deny',
      by: 'policy',
    });
    expect(toolResults(events)[0]?.isError).toBe(true);

    const allowed = `allowed-${randomBytes(4).toString('hex')}`;
    scriptToolCall(env.fake(), allowed, 'echo_text', { text: 'y' }, 'Done.');
    const second = await env.run(
      env.context(provider, {
        prompt: allowed,
        platformTools: [echoTool(calls)],
        permissions: {
          mode: 'deny',
          rules: [{ tool: 'mcp__lifeosai__echo_text', behavior: 'allow' }],
          askTimeoutMs: 1000,
        },
      }),
    );
    expect(calls).toEqual([{ text: 'y' }]);
    expect(second.events.some((event) => event.type.startsWith('permission_'))).toBe(false);
  });
});
