import { describe, expect, it } from 'vitest';
import { Redactor, redactValues } from './redactor.ts';

describe('Redactor', () => {
  it('replaces every occurrence of every known value', () => {
    const redactor = new Redactor();
    redactor.add('sk-first-secret');
    redactor.add('second.secret+value');

    expect(redactor.redact('a sk-first-secret b second.secret+value c sk-first-secret')).toBe(
      'a [REDACTED] b [REDACTED] c [REDACTED]',
    );
  });

  it('treats regular-expression characters literally', () => {
    const redactor = new Redactor();
    redactor.add('a.b*c(d)[e]|f$^\\/?');
    expect(redactor.redact('x a.b*c(d)[e]|f$^\\/? y aXbbbc')).toBe('x [REDACTED] y aXbbbc');
  });

  it('masks a value whole when another value is part of it', () => {
    const redactor = new Redactor();
    redactor.add('token-123');
    redactor.add('token-123-extended');
    expect(redactor.redact('token-123-extended token-123')).toBe('[REDACTED] [REDACTED]');
  });

  it('masks the JSON-escaped form of a value', () => {
    const redactor = new Redactor();
    redactor.add('pa"ss\\word\n');
    const line = JSON.stringify({ msg: 'leak pa"ss\\word\n here' });
    expect(redactor.redact(line)).toBe('{"msg":"leak [REDACTED] here"}');
  });

  it('ignores values too short to be credentials', () => {
    const redactor = new Redactor();
    redactor.add('admin');
    redactor.add('');
    expect(redactor.redact('admin logged in')).toBe('admin logged in');
  });

  it('stops masking a value once every add of it is removed', () => {
    const redactor = new Redactor();
    redactor.add('shared-secret');
    redactor.add('shared-secret');
    redactor.remove('shared-secret');
    expect(redactor.redact('shared-secret')).toBe('[REDACTED]');
    redactor.remove('shared-secret');
    expect(redactor.redact('shared-secret')).toBe('shared-secret');
    redactor.remove('never-added');
  });

  it('handles many secrets in one pass', () => {
    const redactor = new Redactor();
    const values = Array.from({ length: 5_000 }, (_, index) => `secret-value-${index}-${'x'.repeat(20)}`);
    for (const value of values) redactor.add(value);
    const text = `start ${values[4_321]} middle ${values[7]} end`;
    expect(redactor.redact(text)).toBe('start [REDACTED] middle [REDACTED] end');
  });
});

describe('redactValues', () => {
  it('masks a list of values by the same rule as the Redactor', () => {
    const text = 'key=sk-ant-secret, pin=abcd, quoted {"k":"pa\\"ss-word"}';
    expect(redactValues(text, ['sk-ant-secret', 'abcd', 'pa"ss-word', ''])).toBe(
      'key=[REDACTED], pin=abcd, quoted {"k":"[REDACTED]"}',
    );
    expect(redactValues('nothing here', [])).toBe('nothing here');
  });
});
