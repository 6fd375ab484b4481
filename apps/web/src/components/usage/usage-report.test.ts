import { describe, expect, it } from 'vitest';
import { axisTicks, formatShare, rangeDates, shortDay } from './usage-report.ts';

describe('rangeDates', () => {
  it('ends on the UTC day of now and covers exactly that many days', () => {
    // 23:30 in New York on Jan 31 is already Feb 1 in UTC, the API's calendar.
    const now = new Date('2026-02-01T04:30:00Z');
    expect(rangeDates(7, now)).toEqual({ from: '2026-01-26', to: '2026-02-01' });
    expect(rangeDates(30, now)).toEqual({ from: '2026-01-03', to: '2026-02-01' });
    expect(rangeDates(1, now)).toEqual({ from: '2026-02-01', to: '2026-02-01' });
  });

  it('crosses a leap day', () => {
    expect(rangeDates(3, new Date('2028-03-01T12:00:00Z'))).toEqual({ from: '2028-02-28', to: '2028-03-01' });
  });
});

describe('axisTicks', () => {
  it('puts round dollar steps above the largest day', () => {
    expect(axisTicks(7.3)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8], decimals: 0 });
    expect(axisTicks(0.42)).toEqual({ top: 0.6, ticks: [0, 0.2, 0.4, 0.6], decimals: 2 });
  });

  it('keeps fractions of a cent apart on the labels', () => {
    const { top, ticks, decimals } = axisTicks(0.000734);
    expect(top).toBeGreaterThanOrEqual(0.000734);
    expect(ticks.map((tick) => tick.toFixed(decimals))).toEqual([
      '0.0000',
      '0.0002',
      '0.0004',
      '0.0006',
      '0.0008',
    ]);
  });

  it('reaches exactly the largest value when it is round', () => {
    expect(axisTicks(4)).toEqual({ top: 4, ticks: [0, 1, 2, 3, 4], decimals: 0 });
  });

  it('draws a bare baseline when nothing was spent', () => {
    expect(axisTicks(0)).toEqual({ top: 1, ticks: [0], decimals: 2 });
  });
});

describe('formatting', () => {
  it('names days in UTC and shares of a total', () => {
    expect(shortDay('2026-03-07')).toBe('Mar 7');
    expect(formatShare(1, 3)).toBe('33%');
    expect(formatShare(0, 0)).toBe('—');
  });
});
