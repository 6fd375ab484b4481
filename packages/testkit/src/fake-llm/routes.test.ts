import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes.ts';

describe('matchRoute', () => {
  it.each([
    ['POST', '/v1/messages', 'messages'],
    ['POST', '/messages', 'messages'],
    ['POST', '/proxy/v1/messages/', 'messages'],
    ['POST', '/v1/messages/count_tokens', 'count_tokens'],
    ['POST', '/v1/chat/completions', 'chat_completions'],
    ['POST', '/chat/completions', 'chat_completions'],
    ['POST', '/v1/responses', 'responses'],
    ['GET', '/v1beta/models', 'models'],
    ['GET', '/v1/models', 'models'],
    ['GET', '/v1/messages', 'unknown'],
    ['POST', '/v1/messages/batches', 'unknown'],
    ['GET', '/api/hello', 'unknown'],
  ])('%s %s is %s', (method, path, endpoint) => {
    expect(matchRoute(method, path).endpoint).toBe(endpoint);
  });

  it("reads Gemini's model and method from /v1beta/models/{model}:{method}", () => {
    expect(matchRoute('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent')).toEqual({
      endpoint: 'generate_content',
      modelId: 'gemini-2.5-flash',
      stream: true,
    });
    expect(matchRoute('POST', '/llm/google/v1beta/models/gemini-2.5-pro:generateContent')).toEqual({
      endpoint: 'generate_content',
      modelId: 'gemini-2.5-pro',
      stream: false,
    });
  });

  it('reads the model id from /v1/models/{id}', () => {
    expect(matchRoute('GET', '/v1/models/claude-haiku-4-5')).toEqual({
      endpoint: 'model',
      modelId: 'claude-haiku-4-5',
    });
  });
});
