import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

describe('relativeTime', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  it.each([
    ['2026-12-05T11:59:30Z', 'just now'],
    ['2026-12-05T11:55:00Z', '5 minutes ago'],
    ['2026-12-05T09:00:00Z', '3 hours ago'],
    ['2026-12-04T12:00:00Z', 'yesterday'],
    ['2026-11-20T12:00:00Z', '2 weeks ago'],
    ['2025-12-05T12:00:00Z', 'last year'],
  ])('%s is "%s"', (at, words) => {
    expect(relativeTime(at, now)).toBe(words);
  });
});
