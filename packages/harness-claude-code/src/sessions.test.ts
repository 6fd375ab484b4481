import { stall, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { describe, expect, it } from 'vitest';
import { CONTINUE_PROMPT } from './session-options.ts';
import { eventsOf, resultOf, useFixture } from './test-support.ts';

const fixture = useFixture();

/** The text of every message the model received in the last request, in order. */
function lastRequestTexts(): string[] {
  const body = fixture.fake.modelRequests().at(-1)?.body as { messages: Array<{ content: unknown }> };
  return body.messages.flatMap((message) =>
    typeof message.content === 'string'
      ? [message.content]
      : (message.content as Array<{ type: string; text?: string }>).flatMap((block) =>
          block.type === 'text' && block.text ? [block.text] : [],
        ),
  );
}

async function firstTurn(prompt: string, answer: string) {
  fixture.fake.script(text(answer, { usage: { inputTokens: 100, outputTokens: 10 } }));
  const { events } = await fixture.run({ prompt });
  const sessionId = events[0]?.native?.sessionId;
  if (!sessionId) throw new Error('no native session id');
  return { events, sessionId };
}

describe('sessions', () => {
  it('resumes a session: the model sees the first turn, the result counts only this run', async () => {
    const first = await firstTurn('Remember PAPAYA.', 'Noted PAPAYA.');
    fixture.fake.script(text('It was PAPAYA.', { usage: { inputTokens: 200, outputTokens: 20 } }));
    const { events } = await fixture.run({
      prompt: 'Which word?',
      session: { kind: 'resume', nativeSessionId: first.sessionId },
    });
    expect(events[0]?.native?.sessionId).toBe(first.sessionId);
    expect(lastRequestTexts()).toEqual(
      expect.arrayContaining(['Remember PAPAYA.', 'Noted PAPAYA.', 'Which word?']),
    );
    const result = resultOf(events);
    // Claude Code reports 300/30 for the session so far; this run used 200/20.
    expect(result.usage).toMatchObject({ input_tokens: 200, output_tokens: 20 });
    expect(result.total_cost_usd).toBeCloseTo(200 * 3e-6 + 20 * 15e-6, 10);
    expect(resultOf(first.events).total_cost_usd).toBeCloseTo(100 * 3e-6 + 10 * 15e-6, 10);
  });

  it('forks a session into a new one, leaving the original untouched', async () => {
    const original = await firstTurn('Remember MANGO.', 'Noted MANGO.');
    fixture.fake.script(text('Forked.', { usage: { inputTokens: 300, outputTokens: 30 } }));
    const fork = await fixture.run({
      prompt: 'FORK-TURN',
      session: { kind: 'fork', nativeSessionId: original.sessionId },
    });
    const forkId = fork.events[0]?.native?.sessionId;
    expect(forkId).toBeDefined();
    expect(forkId).not.toBe(original.sessionId);
    expect(lastRequestTexts()).toEqual(expect.arrayContaining(['Remember MANGO.', 'FORK-TURN']));
    expect(resultOf(fork.events).usage).toMatchObject({ input_tokens: 300, output_tokens: 30 });

    fixture.fake.script(text('Back on the original.'));
    await fixture.run({
      prompt: 'ORIGINAL-TURN',
      session: { kind: 'resume', nativeSessionId: original.sessionId },
    });
    expect(lastRequestTexts()).toContain('Remember MANGO.');
    expect(lastRequestTexts()).not.toContain('FORK-TURN');
  });

  it('forks at a message, dropping what came after it', async () => {
    const original = await firstTurn('Turn one.', 'Answer one.');
    fixture.fake.script(text('Answer two.'));
    const second = await fixture.run({
      prompt: 'Turn two.',
      session: { kind: 'resume', nativeSessionId: original.sessionId },
    });
    const atMessageId = eventsOf(original.events, 'assistant').at(-1)?.native?.messageId;
    expect(atMessageId).toBeDefined();
    expect(resultOf(second.events).is_error).toBe(false);

    fixture.fake.script(text('Branched.'));
    await fixture.run({
      prompt: 'Turn two, again.',
      session: { kind: 'fork', nativeSessionId: original.sessionId, atMessageId: atMessageId! },
    });
    const texts = lastRequestTexts();
    expect(texts).toEqual(expect.arrayContaining(['Turn one.', 'Answer one.', 'Turn two, again.']));
    expect(texts).not.toContain('Turn two.');
  });

  it('continues an interrupted turn without sending its prompt again', async () => {
    // The first run dies mid-turn: a tool call completed, then the stream stalls and the run is cancelled.
    fixture.fake.script(
      toolCall({ name: 'Bash', input: { command: 'echo one', description: 'Print one' } }),
      stall({ afterText: 'Half an ans' }),
    );
    const interrupted = await fixture.run({ prompt: 'ORIGINAL-PROMPT' }, async (event, handle) => {
      const secondCallStreaming = event.type === 'stream_event' && fixture.fake.modelRequests().length === 2;
      if (secondCallStreaming) await handle.cancel('simulated worker crash');
    });
    expect(resultOf(interrupted.events)).toMatchObject({ error_class: 'cancelled' });
    const sessionId = interrupted.events[0]?.native?.sessionId ?? '';
    const lastMessageId = [...interrupted.events].reverse().find((event) => event.native?.messageId)
      ?.native?.messageId;
    expect(lastMessageId).toBeDefined();

    fixture.fake.script(text('Finished the task.'));
    const continued = await fixture.run({
      prompt: 'ORIGINAL-PROMPT',
      session: {
        kind: 'continue-interrupted',
        nativeSessionId: sessionId,
        interruptedRunId: 'run_0',
        lastMessageId,
      },
    });
    expect(continued.events[0]?.native?.sessionId).toBe(sessionId);
    expect(resultOf(continued.events)).toMatchObject({ subtype: 'success', result: 'Finished the task.' });
    const texts = lastRequestTexts();
    expect(texts.filter((entry) => entry === 'ORIGINAL-PROMPT')).toHaveLength(1);
    expect(texts.at(-1)).toBe(CONTINUE_PROMPT);
    expect(JSON.stringify(fixture.fake.modelRequests().at(-1)?.body)).toContain('echo one');
  });
});
