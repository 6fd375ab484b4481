import { describe, expect, it } from 'vitest';
import { isPlatformError, notFound, PlatformError } from './platform-error.ts';

describe('PlatformError', () => {
  it('takes its status and default message from the catalogue', () => {
    const error = new PlatformError('AGENT_BUSY');
    expect(error.status).toBe(409);
    expect(error.toBody()).toEqual({
      error: {
        code: 'AGENT_BUSY',
        message: 'The agent has a run in progress; cancel it or wait for it to end.',
      },
    });
  });

  it('keeps a specific message, a status given for its context and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new PlatformError('SECRET_NOT_FOUND', 'No secret "db" for this agent.', {
      status: 400,
      cause,
    });
    expect([error.status, error.message, error.cause]).toEqual([
      400,
      'No secret "db" for this agent.',
      cause,
    ]);
  });

  it('relays a code another system defined, unchanged', () => {
    const error = PlatformError.relayed('EMAIL_NOT_VERIFIED', 'Email not verified', 403);
    expect(error.toBody()).toEqual({ error: { code: 'EMAIL_NOT_VERIFIED', message: 'Email not verified' } });
    expect(error.status).toBe(403);
  });

  it('is told apart by type and, when asked, by code', () => {
    const error = notFound('agent', 'agt_1');
    expect(error.toBody()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No agent agt_1 in this organization.' },
    });
    expect(isPlatformError(error)).toBe(true);
    expect(isPlatformError(error, 'NOT_FOUND')).toBe(true);
    expect(isPlatformError(error, 'FORBIDDEN')).toBe(false);
    expect(isPlatformError(new Error('x'))).toBe(false);
  });
});
