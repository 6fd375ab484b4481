import { describe, expect, it } from 'vitest';
import { type ApiFailure, classifyApiFailure, isSpawnError } from './classify-error.ts';

describe('classifyApiFailure', () => {
  it.each<[ApiFailure, string]>([
    [
      { status: 401, sdkError: 'authentication_failed', message: 'Invalid API key · Fix external API key' },
      'auth',
    ],
    [{ status: 403 }, 'auth'],
    [{ status: 429, sdkError: 'rate_limit' }, 'rate_limit'],
    [{ status: 529, sdkError: 'server_error' }, 'overloaded'],
    [{ status: 500 }, 'overloaded'],
    [{ status: 503 }, 'overloaded'],
    [
      { status: 400, sdkError: 'invalid_request', message: 'API Error: 400 Invalid request' },
      'invalid_request',
    ],
    // Claude Code's own words for an oversized prompt, as it reported one from the fake.
    [
      {
        status: 400,
        sdkError: 'invalid_request',
        terminalReason: 'prompt_too_long',
        message: 'Prompt is too long',
      },
      'context_overflow',
    ],
    [{ message: 'prompt is too long: 250000 tokens > 200000 maximum' }, 'context_overflow'],
    [{ sdkError: 'billing_error' }, 'auth'],
    [{ sdkError: 'overloaded' }, 'overloaded'],
    [
      {
        status: null,
        sdkError: 'unknown',
        message: 'API Error: Connection to the API was lost (ECONNRESET).',
      },
      'unknown',
    ],
    [{ message: 'API Error: JSON Parse error: Unterminated string' }, 'unknown'],
  ])('%j is %s', (failure, expected) => {
    expect(classifyApiFailure(failure)).toBe(expected);
  });

  it('recognizes spawn failures by their Node error shape', () => {
    expect(
      isSpawnError(Object.assign(new Error('spawn x ENOENT'), { code: 'ENOENT', syscall: 'spawn x' })),
    ).toBe(true);
    expect(isSpawnError(Object.assign(new Error('denied'), { code: 'EACCES' }))).toBe(true);
    expect(isSpawnError(new Error('Claude Code process exited with code 1'))).toBe(false);
  });
});
