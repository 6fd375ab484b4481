import type { ErrorClass } from '@lifeosai/events';
import { streamedText } from '@lifeosai/harness-conformance';
import { error, malformed, type Scenario, stall, text, truncated } from '@lifeosai/testkit/fake-llm';
import { ManualClock } from '@lifeosai/testkit/manual-clock';
import { describe, expect, it } from 'vitest';
import { providers, resultOf, useHarnessEnvironment } from './test-support.ts';

const faults: ReadonlyArray<[string, () => Scenario, ErrorClass]> = [
  ['400 invalid request', () => error(400), 'invalid_request'],
  ['401 bad key', () => error(401), 'auth'],
  ['429 rate limit', () => error(429), 'rate_limit'],
  ['500 server error', () => error(500), 'overloaded'],
  ['529 overloaded', () => error(529), 'overloaded'],
  ['529 in the middle of the stream', () => error(529, undefined, { midStream: true }), 'overloaded'],
  ['malformed stream', () => malformed(), 'unknown'],
  ['truncated stream', () => truncated(), 'unknown'],
];

describe.each(providers)('pi harness faults (%s)', (provider) => {
  const env = useHarnessEnvironment();

  it.each(faults)(
    'ends a run that meets a %s with an error of the right class',
    async (_label, scenario, expected) => {
      env.fake().script(scenario());
      const { events } = await env.run(env.context(provider, { config: { maxRetries: 0 } }));
      const result = resultOf(events);
      expect(result).toMatchObject({
        subtype: 'error_during_execution',
        is_error: true,
        error_class: expected,
        errors: [expect.any(String)],
      });
      expect(events.find((event) => event.type === 'error')).toMatchObject({
        errorClass: expected,
        // One retryable rule (@lifeosai/events): an unknown failure (a malformed or cut stream)
        // is not called retryable, since nobody can say a retry helps.
        retryable: !['auth', 'invalid_request', 'unknown'].includes(expected),
      });
      expect(env.fake().modelRequests()).toHaveLength(1);
    },
  );

  it('retries a failed call with Pi’s retry loop, reporting the attempt as status', async () => {
    env.fake().script(error(529), text('Second time lucky.'));
    const { events } = await env.run(env.context(provider, { config: { maxRetries: 1 } }));
    expect(events.find((event) => event.type === 'status')).toMatchObject({
      status: 'retrying',
      retry: { attempt: 1, maxRetries: 1, errorClass: 'overloaded' },
    });
    expect(resultOf(events)).toMatchObject({
      subtype: 'success',
      result: 'Second time lucky.',
      num_turns: 2,
    });
    expect(env.fake().modelRequests()).toHaveLength(2);
  });

  it('kills a stalled stream once the stall limit passes: stall_timeout', async () => {
    env.fake().script(stall({ afterText: 'Thinking about it' }));
    const clock = new ManualClock();
    const arrivals: Array<{ type: string; at: number }> = [];
    let streamed = '';
    const { events } = await env.run(
      env.context(provider, {
        config: { maxRetries: 0 },
        limits: { stallTimeoutMs: 1500, runTimeoutMs: 60_000 },
        timers: clock,
      }),
      (event) => {
        arrivals.push({ type: event.type, at: clock.now() });
        streamed += streamedText([event]);
        if (event.type !== 'stream_event' || streamed !== 'Thinking about it') return;
        // The model said all it will and went silent: nothing trips a millisecond short of
        // the limit, the stall watchdog exactly at it.
        expect(clock.advance(1499)).toBe(0);
        expect(clock.advance(1)).toBe(1);
      },
    );
    expect(resultOf(events)).toMatchObject({ is_error: true, error_class: 'stall_timeout' });
    expect(events.find((event) => event.type === 'error')).toMatchObject({
      errorClass: 'stall_timeout',
      retryable: true,
    });
    // The silence counts from the last output: the limit, plus ending the process tree.
    const lastOutput = arrivals.findLast((arrival) => arrival.type === 'stream_event')!.at;
    const silence = arrivals.at(-1)!.at - lastOutput;
    expect(silence).toBeGreaterThanOrEqual(1400);
    expect(silence).toBeLessThan(1500 + 4000);
  });

  it('ends a run past its time limit with timeout, although output keeps flowing', async () => {
    // Steady output: each word moves the clock 400 ms, never a stall (2 s), past 8 s by word 20.
    const words = Array.from({ length: 1200 }, (_, index) => `word${index}`).join(' ');
    env.fake().script(text(words, { delayMs: 50 }));
    const clock = new ManualClock();
    const { events } = await env.run(
      env.context(provider, { limits: { stallTimeoutMs: 2000, runTimeoutMs: 8000 }, timers: clock }),
      (event) => {
        if (streamedText([event])) clock.advance(400);
      },
    );
    expect(resultOf(events)).toMatchObject({ is_error: true, error_class: 'timeout' });
    expect(streamedText(events).split(' ').length).toBeLessThan(1200);
  });
});
