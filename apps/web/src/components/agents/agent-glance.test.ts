import { describe, expect, it } from 'vitest';
import { activityWords, heartbeatWords, wakeTime } from './agent-glance.ts';

const idle = { state: 'idle', activeRuns: 0, pendingPermissions: 0 } as const;

describe("an agent's card in words", () => {
  it('says what it is doing', () => {
    expect(activityWords({ activity: idle, pausedReason: null })).toBe('Idle');
    expect(
      activityWords({ activity: { ...idle, state: 'running', activeRuns: 1 }, pausedReason: null }),
    ).toBe('Running');
    expect(
      activityWords({ activity: { ...idle, state: 'running', activeRuns: 2 }, pausedReason: null }),
    ).toBe('Running 2');
    expect(
      activityWords({
        activity: { state: 'waiting_for_permission', activeRuns: 1, pendingPermissions: 1 },
        pausedReason: null,
      }),
    ).toBe('Waiting for your permission');
    expect(
      activityWords({ activity: { ...idle, state: 'paused' }, pausedReason: 'The budget is spent.' }),
    ).toBe('Paused — The budget is spent.');
  });

  it('tells the next wake, and that it wakes only for something due', () => {
    const now = new Date(2026, 10, 23, 9, 0);
    const at = new Date(2026, 10, 23, 14, 30);
    expect(wakeTime(at, now)).toBe('14:30');
    expect(wakeTime(new Date(2026, 10, 24, 8, 5), now)).toMatch(/^\w{3} 08:05$/);
    expect(wakeTime(new Date(2026, 11, 25, 8, 5), now)).toBe('25 Dec 08:05');
    expect(
      heartbeatWords({ heartbeat: { enabled: true }, nextWakeAt: at.toISOString(), status: 'active' }, now),
    ).toBe('Next wake 14:30; wakes only when the inbox has something due.');
    expect(heartbeatWords({ heartbeat: null, nextWakeAt: null, status: 'active' }, now)).toMatch(
      /No heartbeat/,
    );
    expect(heartbeatWords({ heartbeat: { enabled: true }, nextWakeAt: null, status: 'paused' }, now)).toMatch(
      /paused/,
    );
  });
});
