import { describe, expect, it } from 'vitest';
import { classifyErrorMessage } from './classify-error.ts';

describe('classifyErrorMessage', () => {
  it.each([
    ['401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', 'auth'],
    ['401: {"message":"Incorrect API key","type":"invalid_request_error"}', 'auth'],
    ['429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}', 'rate_limit'],
    ['500 {"type":"error","error":{"type":"api_error","message":"Internal"}}', 'overloaded'],
    ['529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'overloaded'],
    ['503: {"message":"Overloaded","type":"server_error"}', 'overloaded'],
    ['400 {"type":"error","error":{"type":"invalid_request_error","message":"bad"}}', 'invalid_request'],
    ['{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'overloaded'],
    ['Overloaded (scripted by the fake LLM).', 'overloaded'],
    ['400 {"error":{"message":"prompt is too long: 210000 tokens > 200000 maximum"}}', 'context_overflow'],
    ["This model's maximum context length is 128000 tokens", 'context_overflow'],
    ['terminated', 'unknown'],
    ['Could not parse Anthropic SSE event content_block_delta', 'unknown'],
  ] as const)('%s → %s', (message, expected) => {
    expect(classifyErrorMessage(message).errorClass).toBe(expected);
  });

  it('says which classes are worth retrying', () => {
    expect(classifyErrorMessage('429 slow down').retryable).toBe(true);
    expect(classifyErrorMessage('401 bad key').retryable).toBe(false);
    expect(classifyErrorMessage('400 bad request').retryable).toBe(false);
  });
});
