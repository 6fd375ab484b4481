import { describe, expect, it } from 'vitest';
import { errorCodes, isErrorCode } from './catalogue.ts';
import { agentErrorCodes } from './codes/agents.ts';
import { dataErrorCodes } from './codes/data.ts';
import { gatewayApiErrorCodes } from './codes/gateway-apis.ts';
import { identityErrorCodes } from './codes/identity.ts';
import { requestErrorCodes } from './codes/request.ts';
import { startupErrorCodes } from './codes/startup.ts';

describe('the error catalogue', () => {
  it('defines each code once across its parts', () => {
    const parts = [
      requestErrorCodes,
      identityErrorCodes,
      dataErrorCodes,
      agentErrorCodes,
      startupErrorCodes,
      gatewayApiErrorCodes,
    ];
    const keys = parts.flatMap((part) => Object.keys(part));
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(errorCodes)).toHaveLength(keys.length);
  });

  it('gives every code an UPPER_SNAKE name, an error status and a message that says what to do', () => {
    for (const [key, entry] of Object.entries(errorCodes)) {
      expect(key).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(entry.code).toBe(key);
      expect(entry.status, key).toBeGreaterThanOrEqual(400);
      expect(entry.status, key).toBeLessThan(600);
      expect(entry.message, key).toMatch(/^[A-Z].{20,}[.)]$/);
    }
  });

  it('keeps the statuses clients rely on (docs/api.md)', () => {
    const statusOf = (code: keyof typeof errorCodes) => errorCodes[code].status;
    expect(statusOf('INVALID_REQUEST')).toBe(400);
    expect(statusOf('UNAUTHENTICATED')).toBe(401);
    expect(statusOf('FORBIDDEN')).toBe(403);
    expect(statusOf('NOT_FOUND')).toBe(404);
    expect(statusOf('BODY_TOO_LARGE')).toBe(413);
    expect(statusOf('AGENT_BUSY')).toBe(409);
    expect(statusOf('RATE_LIMITED')).toBe(429);
  });

  it('tells a catalogue code from any other string', () => {
    expect(isErrorCode('NOT_FOUND')).toBe(true);
    expect(isErrorCode('EMAIL_NOT_VERIFIED')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});
