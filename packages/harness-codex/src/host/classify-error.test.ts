import { describe, expect, it } from 'vitest';
import recorded from '../fixtures/codex-events.json' with { type: 'json' };
import { classifyCodexError } from './classify-error.ts';

describe('classifyCodexError', () => {
  it.each([
    // Codex's own words, as its stream reported the fake LLM's scripted failures.
    ['{"error":{"message":"Invalid request","type":"invalid_request_error","code":null}}', 'invalid_request'],
    ['unexpected status 401 Unauthorized: invalid x-api-key, url: http://127.0.0.1:1/v1/responses', 'auth'],
    ['exceeded retry limit, last status: 429 Too Many Requests, request id: req_1', 'rate_limit'],
    ['We’re currently experiencing high demand, which may cause temporary errors.', 'overloaded'],
    ['unexpected status 503 Service Unavailable: Overloaded, url: http://x/v1/responses', 'overloaded'],
    [
      'Reconnecting... waiting for network (Connection failed: error sending request)',
      'provider_unreachable',
    ],
    ['unexpected status 502 Bad Gateway: {"error":{"code":"PROVIDER_UNREACHABLE"}}', 'provider_unreachable'],
    ['Your input exceeds the context window of this model.', 'context_overflow'],
    ['stream disconnected before completion: stream closed before response.completed', 'unknown'],
  ] as const)('%s → %s', (message, errorClass) => {
    expect(classifyCodexError(message)).toBe(errorClass);
  });

  it('classifies the recorded failed turn', () => {
    const failed = recorded.unauthorized.find((event) => event.type === 'turn.failed') as {
      error: { message: string };
    };
    expect(classifyCodexError(failed.error.message)).toBe('auth');
  });
});
