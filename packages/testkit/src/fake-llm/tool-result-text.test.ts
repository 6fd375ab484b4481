import { describe, expect, it } from 'vitest';
import { geminiCall } from './gemini-call.ts';
import { anthropicCall, openAiCall } from './model-call.ts';
import { responsesCall } from './responses-call.ts';

/** `lastToolResultText`: what the client's tools returned, in each API's own shape. */
describe('the tool results a request carries back', () => {
  it('reads Anthropic tool_result blocks, as a string or text parts', () => {
    const call = anthropicCall({
      model: 'claude-sonnet-4-6',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'go' },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'a', content: 'first' },
            { type: 'tool_result', tool_use_id: 'b', content: [{ type: 'text', text: 'second' }] },
          ],
        },
      ],
    } as never);
    expect(call.lastToolResultText).toBe('first\nsecond');
  });

  it('reads the trailing tool messages of chat completions', () => {
    const call = openAiCall({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'tool', tool_call_id: 'a', content: 'out-1' },
        { role: 'tool', tool_call_id: 'b', content: [{ type: 'text', text: 'out-2' }] },
      ],
    } as never);
    expect(call.lastToolResultText).toBe('out-1\nout-2');
  });

  it('reads Responses function_call_output items and Gemini function responses', () => {
    const responses = responsesCall({
      model: 'gpt-5-mini',
      input: [
        { role: 'user', content: 'go' },
        { type: 'function_call_output', call_id: 'a', output: 'shell said hi' },
      ],
    } as never);
    expect(responses.lastToolResultText).toBe('shell said hi');
    const gemini = geminiCall(
      {
        contents: [
          { role: 'user', parts: [{ text: 'go' }] },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'run_shell_command', response: { output: 'hi' } } }],
          },
        ],
      },
      'gemini-2.5-flash',
      true,
    );
    expect(gemini.lastToolResultText).toBe('hi');
    expect(
      geminiCall({ contents: [{ role: 'user', parts: [{ text: 'go' }] }] }, 'm', true).lastToolResultText,
    ).toBe('');
  });
});
