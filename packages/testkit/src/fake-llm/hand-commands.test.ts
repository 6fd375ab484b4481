import { describe, expect, it } from 'vitest';
import { handCommandScenario } from './hand-commands.ts';
import type { ModelCall } from './model-call.ts';
import { MARKDOWN_SAMPLE } from './sample-text.ts';
import { error, malformed, type ReplyScenario, stall, text, toolCall, truncated } from './scenario.ts';

function call(lastUserText: string, extra: Partial<ModelCall> = {}): ModelCall {
  return {
    api: 'anthropic',
    model: 'claude-sonnet-4-6',
    stream: true,
    includeUsage: false,
    lastUserText,
    lastMessageIsToolResult: false,
    lastToolResultText: '',
    toolNames: [],
    inputTokens: 1,
    body: {},
    ...extra,
  };
}

describe('hand commands of the fake-llm CLI', () => {
  it.each([
    ['Bash', { command: 'ls -la', description: 'Run by hand through the fake LLM' }],
    ['bash', { command: 'ls -la', description: 'Run by hand through the fake LLM' }],
    ['run_shell_command', { command: 'ls -la' }],
    ['shell', { command: ['bash', '-lc', 'ls -la'] }],
    ['exec_command', { cmd: 'ls -la' }],
  ])('/tool calls the shell tool %s with its own input shape', (name, input) => {
    const scenario = handCommandScenario(call('/tool ls -la', { toolNames: ['Read', name] }));
    expect(scenario).toEqual(toolCall({ name, input }));
  });

  it('/tool answers with text once the tool result is back, so the agent loop ends', () => {
    const after = call('please\n/tool ls', { toolNames: ['Bash'], lastMessageIsToolResult: true });
    expect(handCommandScenario(after)).toEqual(text('Ran: ls'));
  });

  it('/tool says which tools were declared when none is a shell it knows, and how to use it', () => {
    expect(handCommandScenario(call('/tool ls', { toolNames: ['Read'] }))).toEqual(
      text('No shell tool I know among the declared tools (Read).'),
    );
    expect(handCommandScenario(call('/tool', { toolNames: ['Bash'] }))).toEqual(
      text('Usage: /tool <command>, e.g. /tool ls -la'),
    );
  });

  it('selects stalls, errors and broken streams', () => {
    expect(handCommandScenario(call('/stall'))).toEqual(stall({ afterText: 'Stalling...' }));
    expect(handCommandScenario(call('/error 429'))).toEqual(error(429));
    expect(handCommandScenario(call('/error 529 midstream'))).toEqual(
      error(529, undefined, { midStream: true }),
    );
    expect(handCommandScenario(call('/malformed'))).toEqual(malformed());
    expect(handCommandScenario(call('/truncated'))).toEqual(truncated());
    expect(handCommandScenario(call('/error 418'))).toEqual(
      text('Usage: /error <400|401|429|500|529> [midstream]'),
    );
  });

  it('/markdown answers with every kind of markdown the chat renders, streamed in pieces', () => {
    const scenario = handCommandScenario(call('/markdown')) as ReplyScenario;
    expect(scenario.blocks).toEqual([{ type: 'text', text: MARKDOWN_SAMPLE }]);
    expect(scenario.chunks).toBeGreaterThan(1);
    for (const part of ['# ', '**', '- [x]', '| --- |', '```ts', '](https://'])
      expect(MARKDOWN_SAMPLE).toContain(part);
  });

  it('/slow streams a long answer over the seconds asked, within bounds', () => {
    const scenario = handCommandScenario(call('/slow 3')) as ReplyScenario;
    expect(scenario.chunks).toBe(30);
    expect(scenario.delayMs * scenario.chunks!).toBe(3_000);
    expect(handCommandScenario(call('/slow'))).toMatchObject({ chunks: 100 });
    expect(handCommandScenario(call('/slow 0'))).toEqual(text('Usage: /slow [1-120 seconds]'));
    expect(handCommandScenario(call('/slow 500'))).toEqual(text('Usage: /slow [1-120 seconds]'));
  });

  it('ignores prompts without a command at the start of a line', () => {
    expect(handCommandScenario(call('hello'))).toBeUndefined();
    expect(handCommandScenario(call('what does /tool do?'))).toBeUndefined();
    expect(handCommandScenario(call('/tooling'))).toBeUndefined();
  });
});
