import type { HarnessEvent } from '@lifeosai/events';
import { describe, expect, it, vi } from 'vitest';
import { PermissionBroker } from './permission-broker.ts';

describe('PermissionBroker', () => {
  function broker(askTimeoutMs = 1000) {
    const events: HarnessEvent[] = [];
    const asking: boolean[] = [];
    const instance = new PermissionBroker({
      policy: {
        mode: 'ask',
        rules: [
          { tool: 'ls', behavior: 'allow' },
          { tool: 'rm', behavior: 'deny' },
        ],
        askTimeoutMs,
      },
      emit: (event) => events.push(event),
      onAsking: (value) => asking.push(value),
      now: () => Date.parse('2026-01-01T00:00:00Z'),
    });
    return { instance, events, asking };
  }

  it('allows silently and denies by policy with an event', async () => {
    const { instance, events } = broker();
    await expect(instance.judge({ toolName: 'ls', input: {} })).resolves.toEqual({ allow: true });
    await expect(instance.judge({ toolName: 'rm', input: {} })).resolves.toMatchObject({ allow: false });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'permission_resolved',
        toolName: 'rm',
        decision: 'deny',
        by: 'policy',
      }),
    ]);
  });

  it('asks, takes the first answer only, and brackets the wait for the watchdog', async () => {
    const { instance, events, asking } = broker();
    const verdict = instance.judge({ toolName: 'bash', toolUseId: 'toolu_1', input: { command: 'ls' } });
    const request = events[0];
    expect(request).toMatchObject({
      type: 'permission_request',
      toolName: 'bash',
      toolUseId: 'toolu_1',
      input: { command: 'ls' },
      expiresAt: '2026-01-01T00:00:01.000Z',
    });
    if (request?.type !== 'permission_request') throw new Error('no request');
    expect(instance.respond('perm_unknown', { decision: 'allow' })).toBe(false);
    expect(instance.respond(request.requestId, { decision: 'deny', message: 'not now' })).toBe(true);
    expect(instance.respond(request.requestId, { decision: 'allow' })).toBe(false);
    await expect(verdict).resolves.toEqual({ allow: false, message: 'not now' });
    expect(events[1]).toMatchObject({
      type: 'permission_resolved',
      by: 'user',
      decision: 'deny',
      message: 'not now',
    });
    expect(asking).toEqual([true, false]);
  });

  it('denies an unanswered ask when it times out', async () => {
    vi.useFakeTimers();
    try {
      const { instance, events } = broker(500);
      const verdict = instance.judge({ toolName: 'bash', input: {} });
      await vi.advanceTimersByTimeAsync(500);
      await expect(verdict).resolves.toMatchObject({ allow: false });
      expect(events[1]).toMatchObject({ type: 'permission_resolved', by: 'timeout', decision: 'deny' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes open asks without events when the run ends', async () => {
    const { instance, events } = broker();
    const verdict = instance.judge({ toolName: 'bash', input: {} });
    instance.close();
    await expect(verdict).resolves.toEqual({ allow: false });
    expect(events.map((event) => event.type)).toEqual(['permission_request']);
  });
});
