import { describe, expect, it } from 'vitest';
import { leakedFormsPattern } from './leaked-forms.ts';

const key = 'sk-ant-api03-Zq9/x+Yw_longish-canary-0123456789abcdef';

function scrub(text: string, values: string[] = [key]): string {
  const pattern = leakedFormsPattern(values);
  return pattern ? text.replace(pattern, '[REDACTED]') : text;
}

describe('leakedFormsPattern', () => {
  it('finds the value and its JSON-escaped form', () => {
    const quoted = 'pass"word\\with-quotes-and-backslash';
    expect(scrub(`export KEY=${key}; done`)).toBe('export KEY=[REDACTED]; done');
    expect(scrub(JSON.stringify({ out: `x ${quoted} y` }), [quoted])).toBe('{"out":"x [REDACTED] y"}');
  });

  it('finds base64 of the value wherever it starts in an encoded stream, standard or URL-safe', () => {
    for (const before of ['', 'A', 'AB', 'ANTHROPIC_API_KEY=', 'PATH=/usr/bin\nHOME=/root\nKEY=']) {
      for (const after of ['', '\n', '\nOTHER=1\n']) {
        const encoded = Buffer.from(`${before}${key}${after}`).toString('base64');
        const scrubbed = scrub(encoded);
        expect(scrubbed, `${JSON.stringify(before)} + key + ${JSON.stringify(after)}`).toContain(
          '[REDACTED]',
        );
        // What is left decodes to at most a few stray bits of the key, never a readable run of it.
        const left = scrubbed.split('[REDACTED]').join('');
        expect(Buffer.from(left, 'base64').toString('latin1')).not.toContain(key.slice(0, 8));
        expect(scrub(Buffer.from(`${before}${key}${after}`).toString('base64url'))).toContain('[REDACTED]');
      }
    }
  });

  it('finds base64 wrapped across lines, as `base64` prints it and as a JSON transcript stores it', () => {
    const long = `${key}-${'y'.repeat(80)}`;
    const wrapped = Buffer.from(`ANTHROPIC_API_KEY=${long}\n`).toString('base64').replace(/.{76}/g, '$&\n');
    expect(wrapped.split('\n').length).toBeGreaterThan(2);
    expect(scrub(wrapped, [long])).toMatch(/^.{0,30}\[REDACTED\].{0,4}\n?.{0,4}$/s);
    const inJson = JSON.stringify({ stdout: wrapped });
    expect(scrub(inJson, [long])).toContain('[REDACTED]');
    expect(JSON.parse(scrub(inJson, [long]))).toHaveProperty('stdout');
  });

  it('leaves text without the value alone, and ignores values too short to be secrets', () => {
    const text = 'sk-ant-other-key c2stYW50LW90aGVy "json" 1234';
    expect(scrub(text)).toBe(text);
    expect(leakedFormsPattern(['1234'])).toBeUndefined();
    expect(leakedFormsPattern([])).toBeUndefined();
  });
});
