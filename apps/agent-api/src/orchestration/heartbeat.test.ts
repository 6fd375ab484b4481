import { describe, expect, it } from 'vitest';
import { dueSlot, nextSlot } from './heartbeat.ts';

const created = new Date('2026-11-23T08:00:00.000Z');

describe('heartbeat schedule', () => {
  it('gives the latest interval slot, the same for every caller', () => {
    const heartbeat = { enabled: true, intervalSec: 600 };
    expect(dueSlot(heartbeat, new Date('2026-11-23T08:05:00Z'), created)).toBeUndefined();
    expect(dueSlot(heartbeat, new Date('2026-11-23T08:10:00Z'), created)?.toISOString()).toBe(
      '2026-11-23T08:10:00.000Z',
    );
    expect(dueSlot(heartbeat, new Date('2026-11-23T08:29:59Z'), created)?.toISOString()).toBe(
      '2026-11-23T08:20:00.000Z',
    );
  });

  it('follows a cron expression in the given time zone', () => {
    const heartbeat = {
      enabled: true,
      cron: '0 9 * * *',
      activeHours: { start: '00:00', end: '23:59', timezone: 'Europe/Paris' },
    };
    // 09:00 in Paris is 08:00 UTC; the agent was created at that very instant: nothing due yet.
    expect(dueSlot(heartbeat, new Date('2026-11-24T07:59:00Z'), created)).toBeUndefined();
    expect(dueSlot(heartbeat, new Date('2026-11-24T08:01:00Z'), created)?.toISOString()).toBe(
      '2026-11-24T08:00:00.000Z',
    );
  });

  it('stays quiet outside active hours, including windows across midnight', () => {
    const night = {
      enabled: true,
      intervalSec: 60,
      activeHours: { start: '22:00', end: '06:00', timezone: 'UTC' },
    };
    expect(dueSlot(night, new Date('2026-11-23T12:00:00Z'), created)).toBeUndefined();
    expect(dueSlot(night, new Date('2026-11-23T23:00:30Z'), created)?.toISOString()).toBe(
      '2026-11-23T23:00:00.000Z',
    );
    expect(dueSlot(night, new Date('2026-11-24T05:59:10Z'), created)?.toISOString()).toBe(
      '2026-11-24T05:59:00.000Z',
    );
    expect(
      dueSlot({ enabled: false, intervalSec: 60 }, new Date('2026-11-24T05:59:10Z'), created),
    ).toBeUndefined();
  });

  it('tells the next slot: after now, inside active hours, none when off', () => {
    const every10 = { enabled: true, intervalSec: 600 };
    expect(nextSlot(every10, new Date('2026-11-23T08:05:00Z'), created)?.toISOString()).toBe(
      '2026-11-23T08:10:00.000Z',
    );
    expect(nextSlot(every10, new Date('2026-11-23T08:10:00Z'), created)?.toISOString()).toBe(
      '2026-11-23T08:20:00.000Z',
    );
    const night = {
      enabled: true,
      intervalSec: 3600,
      activeHours: { start: '22:00', end: '06:00', timezone: 'UTC' },
    };
    expect(nextSlot(night, new Date('2026-11-23T12:30:00Z'), created)?.toISOString()).toBe(
      '2026-11-23T22:00:00.000Z',
    );
    const daily = {
      enabled: true,
      cron: '30 14 * * *',
      activeHours: { start: '00:00', end: '23:59', timezone: 'UTC' },
    };
    expect(nextSlot(daily, new Date('2026-11-23T15:00:00Z'), created)?.toISOString()).toBe(
      '2026-11-24T14:30:00.000Z',
    );
    expect(
      nextSlot({ ...every10, enabled: false }, new Date('2026-11-23T08:05:00Z'), created),
    ).toBeUndefined();
  });
});
