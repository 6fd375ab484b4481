/**
 * Checks a cron expression in the syntax the heartbeat scheduler (croner) reads, so a typo is
 * shown next to the field instead of an agent that never wakes. Five fields (minute hour
 * day-of-month month day-of-week), six with seconds first, or a nickname such as `@daily`.
 */

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Day fields also accept `?` and their own `L`/`W`/`#` forms. */
  day?: 'month' | 'week';
}

const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const fiveFields: readonly FieldSpec[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31, day: 'month' },
  { label: 'month', min: 1, max: 12, names: months },
  { label: 'day of week', min: 0, max: 7, names: weekdays, day: 'week' },
];
const secondField: FieldSpec = { label: 'second', min: 0, max: 59 };
const nicknames = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly']);

function parseValue(text: string, spec: FieldSpec): number | string {
  let value: number;
  if (/^\d+$/.test(text)) value = Number(text);
  else {
    const index = spec.names?.indexOf(text.toUpperCase() as never) ?? -1;
    if (index < 0) return `${spec.label}: "${text}" is not a number`;
    value = spec.names === months ? index + 1 : index;
  }
  if (value < spec.min || value > spec.max)
    return `${spec.label}: ${value} is out of range ${spec.min}–${spec.max}`;
  return value;
}

function checkPart(part: string, spec: FieldSpec): string | null {
  if (spec.day === 'month' && /^(L|LW|\d{1,2}W)$/i.test(part)) return null;
  if (spec.day === 'week') {
    const special = /^(\w+)(L|#[1-5])$/i.exec(part);
    if (special) {
      const value = parseValue(special[1]!, spec);
      return typeof value === 'string' ? value : null;
    }
  }
  const [range, step, extra] = part.split('/');
  if (extra !== undefined || range === undefined || range === '')
    return `${spec.label}: "${part}" is not valid`;
  if (step !== undefined && !/^[1-9]\d*$/.test(step))
    return `${spec.label}: the step in "${part}" must be a positive whole number`;
  if (range === '*' || (range === '?' && spec.day)) return null;
  const bounds = range.split('-');
  if (bounds.length > 2) return `${spec.label}: "${part}" is not valid`;
  if (step !== undefined && bounds.length === 1)
    return `${spec.label}: a step goes after * or a range, e.g. */${step} or ${range}-${spec.max}/${step}`;
  const values = bounds.map((bound) => parseValue(bound, spec));
  const problem = values.find((value) => typeof value === 'string');
  if (problem !== undefined) return problem as string;
  if (values.length === 2 && (values[0] as number) > (values[1] as number))
    return `${spec.label}: the range "${range}" runs backwards`;
  return null;
}

/** `null` when `expression` is a cron expression the scheduler accepts, else what is wrong. */
export function cronProblem(expression: string): string | null {
  const trimmed = expression.trim();
  if (!trimmed) return 'Enter a cron expression, e.g. "*/15 * * * *".';
  if (trimmed.startsWith('@'))
    return nicknames.has(trimmed.toLowerCase())
      ? null
      : `Unknown shortcut ${trimmed}; use one of ${[...nicknames].join(', ')}.`;
  const fields = trimmed.split(/\s+/);
  const specs = fields.length === 6 ? [secondField, ...fiveFields] : fiveFields;
  if (fields.length !== 5 && fields.length !== 6)
    return `Expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}.`;
  for (const [index, field] of fields.entries()) {
    for (const part of field.split(',')) {
      const problem = checkPart(part, specs[index]!);
      if (problem) return `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
    }
  }
  return null;
}
