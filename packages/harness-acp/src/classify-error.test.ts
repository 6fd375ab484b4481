import { describe, expect, it } from 'vitest';
import { classifyAcpFailure } from './classify-error.ts';

describe('classifyAcpFailure', () => {
  it.each([
    [{ code: -32000, message: 'Authentication required' }, 'auth'],
    [{ code: -32603, message: 'Internal error: API Error: 400 Invalid request' }, 'invalid_request'],
    [
      { code: -32603, message: 'Internal error: API Error: Request rejected (429) · Rate limited' },
      'rate_limit',
    ],
    [{ code: -32603, message: 'Internal error: API Error: 500 Internal server error' }, 'overloaded'],
    [{ code: -32603, message: 'Internal error: API Error: 529 Overloaded' }, 'overloaded'],
    [
      { code: -32603, message: 'Internal error: something broke', data: { errorKind: 'rate_limit' } },
      'rate_limit',
    ],
    [{ code: -32603, message: 'Internal error: prompt is too long: 210000 tokens' }, 'context_overflow'],
    [{ code: -32603, message: 'Internal error: stream ended unexpectedly' }, 'unknown'],
  ] as const)('%j → %s', (failure, expected) => {
    expect(classifyAcpFailure(failure)).toBe(expected);
  });
});
