import { describe, expect, it } from 'vitest';
import { cronProblem } from './cron.ts';

describe('cronProblem', () => {
  it.each([
    '*/15 * * * *',
    '0 9 * * 1-5',
    '0 9 * * MON-FRI',
    '30 8,12,17 1 JAN,jul *',
    '0 0 L * *',
    '0 0 * * 5L',
    '0 0 * * 1#2',
    '0 0 ? * 0',
    '0 */5 * * * *',
    '5-59/10 * * * *',
    '0 0 15W * *',
    '@daily',
    '  0  9 * * *  ',
  ])('accepts %s', (expression) => {
    expect(cronProblem(expression)).toBeNull();
  });

  it.each([
    ['', 'Enter a cron expression, e.g. "*/15 * * * *".'],
    ['every 15 minutes', 'Expected 5 fields (minute hour day-of-month month day-of-week), got 3.'],
    ['61 * * * *', 'Minute: 61 is out of range 0–59.'],
    ['0 24 * * *', 'Hour: 24 is out of range 0–23.'],
    ['0 0 0 * *', 'Day of month: 0 is out of range 1–31.'],
    ['0 0 * 13 *', 'Month: 13 is out of range 1–12.'],
    ['0 0 * * FUNDAY', 'Day of week: "FUNDAY" is not a number.'],
    ['*/0 * * * *', 'Minute: the step in "*/0" must be a positive whole number.'],
    ['0 17-9 * * *', 'Hour: the range "17-9" runs backwards.'],
    ['5/10 * * * *', 'Minute: a step goes after * or a range, e.g. */10 or 5-59/10.'],
    ['? * * * *', 'Minute: "?" is not a number.'],
    ['1,,2 * * * *', 'Minute: "" is not valid.'],
    [
      '@sometimes',
      'Unknown shortcut @sometimes; use one of @yearly, @annually, @monthly, @weekly, @daily, @hourly.',
    ],
  ])('refuses %j with %j', (expression, message) => {
    expect(cronProblem(expression)).toBe(message);
  });
});
