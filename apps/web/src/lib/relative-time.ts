const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * How long ago `at` was, the way a list says it ("just now", "5 minutes ago", "yesterday").
 * `now` is injected so tests and a list rendering many items agree on one instant.
 */
export function relativeTime(at: string | number | Date, now: number, locale = 'en'): string {
  const seconds = Math.round((now - new Date(at).getTime()) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(-Math.round(seconds / size), unit);
  }
  return format.format(-Math.round(seconds / 60), 'minute');
}
