import { describe, expect, it } from 'vitest';
import { OutputTail, redact } from './output-tail.ts';

describe('OutputTail and redact', () => {
  it('keeps the last bytes and hides secrets', () => {
    const tail = new OutputTail(16);
    tail.push('0123456789-sk-sec');
    tail.push(Buffer.from('ret and more text'));
    expect(tail.text([])).toBe('et and more text');
    expect(tail.text(['sk-secret'])).toBe('TED] and more text'.slice(-16));
    expect(tail.text(['sk-secret'])).not.toContain('ret');
    expect(redact('key=abcd, abc', ['abcd', 'abc', ''])).toBe('key=[REDACTED], abc');
  });
});
