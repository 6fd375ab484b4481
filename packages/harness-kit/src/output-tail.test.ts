import { describe, expect, it } from 'vitest';
import { OutputTail } from './output-tail.ts';

describe('OutputTail', () => {
  it('keeps the last characters and hides secrets', () => {
    const plain = new OutputTail([], 16);
    plain.push('0123456789-sk-sec');
    plain.push(Buffer.from('ret and more text'));
    expect(plain.read()).toBe('et and more text');

    const masked = new OutputTail(['sk-secret'], 16);
    masked.push('0123456789-sk-sec');
    masked.push(Buffer.from('ret and more text'));
    expect(masked.read()).toBe('TED] and more text'.slice(-16));
    expect(masked.read()).not.toContain('ret');
  });

  it('keeps the last 4 KB and redacts a key split across chunks', () => {
    const tail = new OutputTail(['sk-ant-secret']);
    tail.push('x'.repeat(10_000));
    tail.push('auth failed for sk-ant-');
    tail.push('secret\n');
    const text = tail.read()!;
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain('auth failed for [REDACTED]');
  });

  it('reads nothing when nothing but whitespace was written', () => {
    const tail = new OutputTail(['sk-ant-secret']);
    expect(tail.read()).toBeUndefined();
    tail.push('\n \n');
    expect(tail.read()).toBeUndefined();
  });
});
