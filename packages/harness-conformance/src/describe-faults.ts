import { randomBytes } from 'node:crypto';
import type { ErrorClass } from '@lifeosai/events';
import { error, type FakeLlm, malformed, type Scenario, stall, truncated } from '@lifeosai/testkit/fake-llm';
import { ManualClock } from '@lifeosai/testkit/manual-clock';
import { freePort } from '@lifeosai/testkit/ports';
import { expect, it } from 'vitest';
import { streamedText, whenAnswering } from './run-watcher.ts';
import type { ConformanceOptions } from './suite-options.ts';
import type { RunFn } from './test-context.ts';

/** Each provider failure the fake can script, and the class the run must end with. */
const faults: ReadonlyArray<[string, () => Scenario, ErrorClass | readonly ErrorClass[]]> = [
  ['400 invalid request', () => error(400), 'invalid_request'],
  ['401 bad key', () => error(401), 'auth'],
  ['429 rate limit', () => error(429), 'rate_limit'],
  ['500 server error', () => error(500), 'overloaded'],
  ['529 overloaded', () => error(529), 'overloaded'],
  // A broken stream is not the provider saying why: any failure class but success will do.
  ['malformed stream', () => malformed(), ['unknown', 'invalid_request', 'overloaded', 'process_exit']],
  ['truncated stream', () => truncated(), ['unknown', 'overloaded', 'process_exit']],
];

export function describeFaults<Config>(
  options: ConformanceOptions<Config>,
  run: RunFn<Config>,
  fake: () => FakeLlm,
): void {
  it.each(faults)(
    'ends a run that meets a %s with the right error class',
    async (_label, scenario, expected) => {
      const marker = `fault-${randomBytes(4).toString('hex')}`;
      fake().on((call) => call.lastUserText.includes(marker), scenario);
      const { events } = await run({
        prompt: `Fail please. ${marker}`,
        config: options.configWithoutRetries,
      });
      const result = events.at(-1);
      expect(result).toMatchObject({ type: 'result', is_error: true });
      const allowed = typeof expected === 'string' ? [expected] : expected;
      expect(allowed).toContain(result?.type === 'result' ? result.error_class : undefined);
      expect(events.find((event) => event.type === 'error')).toMatchObject({
        errorClass: result?.type === 'result' ? result.error_class : '',
      });
    },
  );

  it('ends a run whose provider cannot be reached with provider_unreachable, naming the base URL', async () => {
    // Nothing listens there (and inside the run's sandbox nothing listens anywhere).
    const baseUrl = `http://127.0.0.1:${await freePort()}`;
    const { events } = await run({
      prompt: 'Is anyone there?',
      config: options.configWithoutRetries,
      baseUrl,
    });
    expect(events.at(-1)).toMatchObject({
      type: 'result',
      is_error: true,
      error_class: 'provider_unreachable',
    });
    const failure = events.find((event) => event.type === 'error');
    expect(failure).toMatchObject({ errorClass: 'provider_unreachable', retryable: true });
    expect(failure?.type === 'error' ? failure.message : '').toContain(baseUrl);
  });

  it('ends a stalled stream with stall_timeout once the stall limit passes', async () => {
    const marker = `stall-limit-${randomBytes(4).toString('hex')}`;
    fake().on((call) => call.lastUserText.includes(marker), stall({ afterText: 'thinking…' }));
    const clock = new ManualClock();
    const started = performance.now();
    // The model said all it will and went silent: nothing trips a millisecond short of the
    // limit, the stall watchdog exactly at it.
    const silence = () => {
      expect(clock.advance(1499)).toBe(0);
      expect(clock.advance(1)).toBe(1);
    };
    let silent = false;
    const { events } = await run(
      {
        prompt: `Stall. ${marker}`,
        config: options.configWithoutRetries,
        stallTimeoutMs: 1500,
        timers: clock,
      },
      async (event) => {
        if (silent) return;
        if (options.harness.capabilities.partialText) {
          if (streamedText([event]) !== 'thinking…') return;
        } else {
          // No partial text to wait for: the model answering is the last sign of life.
          if (event.type !== 'system') return;
          await whenAnswering(fake());
        }
        silent = true;
        silence();
      },
    );
    expect(events.at(-1)).toMatchObject({ type: 'result', is_error: true, error_class: 'stall_timeout' });
    expect(performance.now() - started).toBeLessThan(15_000);
  });
}
