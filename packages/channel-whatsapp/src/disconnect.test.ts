import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { closeAction } from './disconnect.ts';

describe('close codes', () => {
  it('maps each code to what the connection does', () => {
    const linked = { waitingForLogin: false };
    expect(closeAction(515, linked).kind).toBe('restart');
    expect(closeAction(401, linked).kind).toBe('logged_out');
    expect(closeAction(440, linked).kind).toBe('conflict');
    expect(closeAction(408, { waitingForLogin: true }).kind).toBe('login_expired');
    expect(closeAction(408, linked).kind).toBe('retry');
    expect(closeAction(428, linked)).toEqual({
      kind: 'retry',
      message: 'The connection to WhatsApp closed (code 428).',
    });
    expect(closeAction(undefined, linked)).toEqual({
      kind: 'retry',
      message: 'The connection to WhatsApp closed.',
    });
  });
});

describe('backoff', () => {
  it('doubles from the first wait up to the cap, with jitter between half and all of it', () => {
    const fixed = (random: number) => ({ initialDelayMs: 1000, maxDelayMs: 8000, random: () => random });
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, fixed(0.999_999)))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, fixed(0)))).toEqual([
      500, 1000, 2000, 4000, 4000,
    ]);
    expect(backoffDelay(1000)).toBeLessThanOrEqual(120_000);
    expect(backoffDelay(0)).toBeGreaterThanOrEqual(500);
  });
});
