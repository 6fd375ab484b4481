import { expect, it } from 'vitest';
import { formatMinorUnits, formatPeriod, formatUsd, limitLines } from './billing-words.ts';

it('puts amounts, limits and periods in words', () => {
  expect(formatUsd(12.5)).toBe('$12.50');
  expect(formatUsd(0.001)).toBe('< $0.01');
  expect(formatUsd(0)).toBe('$0.00');
  expect(formatMinorUnits(2000, 'usd')).toBe('$20.00');
  expect(formatMinorUnits(500, 'jpy')).toBe('¥500');
  expect(formatMinorUnits(5, 'not-a-currency')).toBe('5 not-a-currency');
  expect(limitLines({ agents: 1, concurrentRuns: 4, periodUsd: 200 })).toEqual([
    'Up to 1 agent',
    '4 runs at once',
    'Usage up to $200.00 per period',
  ]);
  expect(limitLines({ agents: null, concurrentRuns: null, periodUsd: null })).toEqual(['No limits']);
  expect(formatPeriod({ start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' })).toBe(
    'Dec 1, 2026 – Jan 1, 2027',
  );
});
