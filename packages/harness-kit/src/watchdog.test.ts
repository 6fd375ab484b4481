import { ManualClock } from '@lifeosai/testkit/manual-clock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunWatchdog, type WatchdogTrip } from './watchdog.ts';

describe('RunWatchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function watchdog(limits = { stallTimeoutMs: 100, runTimeoutMs: 1000 }, timers?: ManualClock) {
    const trips: WatchdogTrip[] = [];
    return { dog: new RunWatchdog(limits, (trip) => trips.push(trip), timers), trips };
  }

  it('counts nothing before start', () => {
    const { dog, trips } = watchdog();
    dog.activity();
    vi.advanceTimersByTime(5000);
    expect(trips).toEqual([]);
  });

  it('trips on silence, and activity starts the silence over', () => {
    const { dog, trips } = watchdog();
    dog.start();
    vi.advanceTimersByTime(90);
    dog.activity();
    vi.advanceTimersByTime(90);
    expect(trips).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(trips).toEqual(['stall_timeout']);
    vi.advanceTimersByTime(5000);
    expect(trips).toEqual(['stall_timeout']);
  });

  it('does not count silence while something is held, holds nesting', () => {
    const { dog, trips } = watchdog({ stallTimeoutMs: 100, runTimeoutMs: 10_000 });
    dog.hold();
    dog.start();
    vi.advanceTimersByTime(500);
    expect(trips).toEqual([]);
    dog.hold();
    dog.release();
    dog.activity();
    vi.advanceTimersByTime(500);
    expect(trips).toEqual([]);
    dog.release();
    vi.advanceTimersByTime(100);
    expect(trips).toEqual(['stall_timeout']);
  });

  it('trips on the run limit even while held', () => {
    const { dog, trips } = watchdog();
    dog.start();
    dog.hold();
    vi.advanceTimersByTime(1000);
    expect(trips).toEqual(['timeout']);
  });

  it('never trips once stopped', () => {
    const { dog, trips } = watchdog();
    dog.start();
    dog.stop();
    dog.release();
    dog.activity();
    dog.start();
    vi.advanceTimersByTime(5000);
    expect(trips).toEqual([]);
  });

  it('runs both clocks on the timers it is given, not the process’s', () => {
    const clock = new ManualClock();
    const { dog, trips } = watchdog(undefined, clock);
    dog.start();
    expect(clock.pending()).toBe(2);
    vi.advanceTimersByTime(5000);
    expect(trips).toEqual([]);
    clock.advance(99);
    dog.activity();
    expect(clock.advance(99)).toBe(0);
    expect(clock.advance(1)).toBe(1);
    expect(trips).toEqual(['stall_timeout']);
    expect(clock.pending()).toBe(0);
  });

  it('trips on the run limit of the given timers', () => {
    const clock = new ManualClock();
    const { dog, trips } = watchdog(undefined, clock);
    dog.hold();
    dog.start();
    clock.advance(999);
    expect(trips).toEqual([]);
    clock.advance(1);
    expect(trips).toEqual(['timeout']);
  });
});
