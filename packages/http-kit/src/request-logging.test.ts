import { describe, expect, it } from 'vitest';
import { redactUrl } from './request-logging.ts';

describe('URLs in log lines', () => {
  it.each([
    [
      '/api/auth/verify-email?token=abc123&callbackURL=/home',
      '/api/auth/verify-email?token=[REDACTED]&callbackURL=/home',
    ],
    [
      '/api/auth/reset-password/tok_987?callbackURL=/reset',
      '/api/auth/reset-password/[REDACTED]?callbackURL=/reset',
    ],
    [
      '/api/auth/callback/google?code=4%2F0Ad&state=xyz',
      '/api/auth/callback/google?code=[REDACTED]&state=[REDACTED]',
    ],
    ['/api/files?prefix=reports%2F&limit=10', '/api/files?prefix=reports%2F&limit=10'],
    ['/api/agent/runs/run_1/stream', '/api/agent/runs/run_1/stream'],
    ['/weird?%E0%A4%A=1&token', '/weird?%E0%A4%A=1&token=[REDACTED]'],
  ])('%s → %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
