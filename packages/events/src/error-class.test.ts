import { describe, expect, it } from 'vitest';
import { type ErrorClass, errorClassOfStatus, errorClassSchema, isRetryable } from './error-class.ts';

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

describe('errorClassOfStatus', () => {
  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [429, 'rate_limit'],
    [413, 'context_overflow'],
    [500, 'overloaded'],
    [529, 'overloaded'],
    [400, 'invalid_request'],
    [404, 'invalid_request'],
    [200, undefined],
    [302, undefined],
  ] as const)('%i → %s', (status, errorClass) => {
    expect(errorClassOfStatus(status)).toBe(errorClass);
  });
});
