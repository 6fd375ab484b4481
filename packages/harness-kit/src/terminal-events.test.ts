import { harnessEventSchema } from '@lifeosai/events';
import { describe, expect, it } from 'vitest';
import { failureEvents, noFigures, terminalEvents } from './terminal-events.ts';

describe('terminal events', () => {
  it('ends a run no harness finished with an error and an empty error result', () => {
    const events = failureEvents('spawn_failed', 'could not start');
    expect(events).toEqual([
      { type: 'error', errorClass: 'spawn_failed', message: 'could not start', retryable: false },
      {
        type: 'result',
        subtype: 'error_during_execution',
        is_error: true,
        errors: ['could not start'],
        error_class: 'spawn_failed',
        usage: {
          input_tokens: 0,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
        modelUsage: {},
        total_cost_usd: 0,
        cost_computed: false,
        num_turns: 0,
        duration_ms: 0,
      },
    ]);
    for (const event of events) expect(harnessEventSchema.safeParse(event).success).toBe(true);
  });

  it('says retryable by the one rule, keeps the stderr tail, and puts native ids on both events', () => {
    const native = { sessionId: 'session-1' };
    const [error, result] = failureEvents('process_exit', 'died', 'error_during_execution', {
      stderrTail: 'boom',
      figures: { ...noFigures(), numTurns: 2, durationMs: 12.5, native },
    });
    expect(error).toEqual({
      type: 'error',
      errorClass: 'process_exit',
      message: 'died',
      retryable: true,
      stderrTail: 'boom',
      native,
    });
    expect(result).toMatchObject({ num_turns: 2, duration_ms: 12.5, native, error_class: 'process_exit' });
    expect(failureEvents('budget_exceeded', 'spent', 'error_max_budget_usd')[1].subtype).toBe(
      'error_max_budget_usd',
    );
  });

  it('ends a successful run with its result alone', () => {
    const figures = {
      ...noFigures(),
      resultText: 'done',
      stopReason: 'end_turn',
      numTurns: 1,
      durationMs: -1,
    };
    expect(terminalEvents(undefined, figures)).toEqual([
      expect.objectContaining({
        type: 'result',
        subtype: 'success',
        is_error: false,
        result: 'done',
        stop_reason: 'end_turn',
        duration_ms: 0,
      }),
    ]);
    expect(
      terminalEvents({ errorClass: 'cancelled', message: 'stop' }, figures).map((event) => event.type),
    ).toEqual(['error', 'result']);
  });
});
