import { describe, expect, it } from 'vitest';
import { type ErrorClass, errorClassSchema, isRetryable } from './error-class.ts';

describe('isRetryable', () => {
  it('calls transient failures retryable and the rest not', () => {
    const retryable: ErrorClass[] = [
      'rate_limit',
      'overloaded',
      'provider_unreachable',
      'process_exit',
      'stall_timeout',
    ];
    for (const errorClass of errorClassSchema.options) {
      expect(isRetryable(errorClass), errorClass).toBe(retryable.includes(errorClass));
    }
  });

  it('does not retry what a retry cannot mend: a run over its time limit, an unknown failure', () => {
    expect(isRetryable('timeout')).toBe(false);
    expect(isRetryable('unknown')).toBe(false);
  });
});
