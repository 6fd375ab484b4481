import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.ts';

describe('ManualClock', () => {
  it('runs nothing until advanced, then each due timer once, earliest first, at its own time', () => {
    const clock = new ManualClock();
    const ran: Array<[string, number]> = [];
    clock.setTimeout(() => ran.push(['late', clock.now()]), 300);
    clock.setTimeout(() => ran.push(['early', clock.now()]), 100);
    clock.setTimeout(() => ran.push(['tie', clock.now()]), 100);
    clock.setTimeout(() => ran.push(['now', clock.now()]), 0);
    expect(ran).toEqual([]);
    expect(clock.advance(99)).toBe(1);
    expect(clock.advance(1)).toBe(2);
    expect(ran).toEqual([
      ['now', 0],
      ['early', 100],
      ['tie', 100],
    ]);
    expect(clock.pending()).toBe(1);
    expect(clock.advance(1000)).toBe(1);
    expect(ran.at(-1)).toEqual(['late', 300]);
    expect(clock.now()).toBe(1100);
    expect(clock.advance(1000)).toBe(0);
  });

  it('runs timers set by a callback when they fall due within the same advance', () => {
    const clock = new ManualClock();
    const ran: number[] = [];
    clock.setTimeout(() => {
      ran.push(clock.now());
      clock.setTimeout(() => ran.push(clock.now()), 50);
      clock.setTimeout(() => ran.push(clock.now()), 500);
    }, 100);
    expect(clock.advance(200)).toBe(2);
    expect(ran).toEqual([100, 150]);
    expect(clock.pending()).toBe(1);
  });

  it('never runs a cleared timer, and ignores handles that are not pending', () => {
    const clock = new ManualClock();
    let ran = 0;
    const handle = clock.setTimeout(() => ran++, 10);
    clock.clearTimeout(handle);
    clock.clearTimeout(handle);
    clock.clearTimeout(undefined);
    clock.clearTimeout('not a handle');
    expect(clock.advance(100)).toBe(0);
    expect(ran).toBe(0);
  });

  it('refuses to move backwards', () => {
    const clock = new ManualClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(0);
  });
});
