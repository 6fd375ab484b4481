import { error, text } from '@lifeosai/testkit/fake-llm';
import { describe, expect, it } from 'vitest';
import { claudeCodeConfigSchema } from './config.ts';
import { eventsOf, resultOf, TEST_MODEL, useFixture } from './test-support.ts';

const fixture = useFixture();

describe('provider faults (the conformance suite covers 400, 401, 429, 5xx and broken streams)', () => {
  it('classifies a prompt that no longer fits as context_overflow', async () => {
    fixture.fake.on(() => true, error(400, 'prompt is too long: 250000 tokens > 200000 maximum'));
    const { events } = await fixture.run();
    expect(eventsOf(events, 'error')).toMatchObject([{ errorClass: 'context_overflow', retryable: false }]);
    expect(resultOf(events)).toMatchObject({
      is_error: true,
      error_class: 'context_overflow',
      num_turns: expect.any(Number),
    });
  });

  it('carries the auth failure message, and the synthetic assistant message with its SDK code', async () => {
    fixture.fake.on(() => true, error(401));
    const { events } = await fixture.run();
    expect(eventsOf(events, 'assistant')).toMatchObject([{ error: 'authentication_failed' }]);
    expect(eventsOf(events, 'error')).toMatchObject([
      { errorClass: 'auth', message: expect.stringMatching(/API key/) },
    ]);
    expect(resultOf(events)).toMatchObject({
      subtype: 'success',
      is_error: true,
      error_class: 'auth',
      errors: [expect.any(String)],
    });
  });

  it('reports a retry as a status event and succeeds when the retry does', async () => {
    fixture.fake.script(error(529), text('Recovered.'));
    const { events } = await fixture.run({
      config: claudeCodeConfigSchema.parse({ model: TEST_MODEL, maxRetries: 1 }),
    });
    expect(eventsOf(events, 'status').filter((event) => event.status === 'retrying')).toMatchObject([
      { retry: { attempt: 1, maxRetries: 1, errorClass: 'overloaded' } },
    ]);
    expect(resultOf(events)).toMatchObject({ subtype: 'success', is_error: false, result: 'Recovered.' });
  });

  it('fails a resume of a session that does not exist with a readable message', async () => {
    const { events } = await fixture.run({
      session: { kind: 'resume', nativeSessionId: '11111111-2222-3333-4444-555555555555' },
    });
    expect(resultOf(events)).toMatchObject({
      subtype: 'error_during_execution',
      is_error: true,
      error_class: 'unknown',
      errors: [expect.stringContaining('No conversation found')],
    });
    expect(fixture.fake.modelRequests()).toEqual([]);
  });
});
