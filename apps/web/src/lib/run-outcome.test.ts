import { describe, expect, it } from 'vitest';
import { failureMessage, resultOutcome, runOutcome } from './run-outcome.ts';

describe('resultOutcome', () => {
  it('is a success only for a result that is neither an error nor another subtype', () => {
    expect(resultOutcome({ subtype: 'success', is_error: false })).toEqual({ kind: 'succeeded' });
    expect(resultOutcome({ subtype: 'success', is_error: true, error_class: 'unknown' }).kind).toBe('failed');
  });

  it("turns Pi's “Connection error.” into the model server that did not answer and what to do", () => {
    const outcome = resultOutcome({
      subtype: 'error_during_execution',
      is_error: true,
      error_class: 'provider_unreachable',
      errors: ['Connection error. (the provider API at http://127.0.0.1:8787/v1 could not be reached)'],
    });
    expect(outcome).toEqual({
      kind: 'failed',
      message:
        'The model server at http://127.0.0.1:8787/v1 did not answer — check that it is running and its address in Settings → Models, then send again.',
    });
  });

  it('never shows the raw subtype: error_during_execution without a class reads as a failure in words', () => {
    const outcome = resultOutcome({ subtype: 'error_during_execution', is_error: true });
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.message).not.toContain('error_during_execution');
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/^The run failed\. Send your message again/);
  });

  it('reads a cancel as stopped, not as a failure', () => {
    expect(
      resultOutcome({ subtype: 'error_during_execution', is_error: true, error_class: 'cancelled' }),
    ).toEqual({ kind: 'stopped' });
  });

  it('names the turn limit by its subtype', () => {
    const outcome = resultOutcome({ subtype: 'error_max_turns', is_error: true, error_class: 'unknown' });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/limit of turns/);
  });
});

describe('runOutcome', () => {
  it('is undefined while the run is queued or running', () => {
    expect(runOutcome({ status: 'queued' })).toBeUndefined();
    expect(runOutcome({ status: 'running' })).toBeUndefined();
  });

  it('maps the platform codes and the upper-case classes of run.error', () => {
    const failed = (code: string, message = 'x') =>
      runOutcome({ status: 'failed', error: { code, message } });
    expect(failed('RUN_LOST')).toEqual({
      kind: 'failed',
      message: expect.stringMatching(/stopped during the run/),
    });
    expect(failed('AUTH')).toEqual({ kind: 'failed', message: expect.stringMatching(/Settings → Models/) });
    expect(failed('SECRET_NOT_FOUND', 'GITHUB_TOKEN is not set')).toEqual({
      kind: 'failed',
      message: expect.stringMatching(/\(GITHUB_TOKEN is not set\) — add it in Settings → Secrets/),
    });
    expect(failed('SOMETHING_NEW', 'it broke')).toEqual({
      kind: 'failed',
      message: expect.stringMatching(/^The run failed \(it broke\)\./),
    });
    expect(runOutcome({ status: 'cancelled', error: { code: 'CANCELLED', message: 'x' } })).toEqual({
      kind: 'stopped',
    });
    expect(runOutcome({ status: 'timed_out' })).toEqual({
      kind: 'failed',
      message: expect.stringMatching(/time limit/),
    });
  });
});

describe('failureMessage', () => {
  it('says where the model server is only when the runtime named it', () => {
    expect(failureMessage({ errorClass: 'provider_unreachable', messages: ['Connection error.'] })).toBe(
      'The model server did not answer — check that it is running and its address in Settings → Models, then send again.',
    );
  });

  it("reads a provider's JSON error body for its message", () => {
    expect(
      failureMessage({
        errorClass: 'invalid_request',
        messages: [
          '400 {"type":"error","error":{"type":"invalid_request_error","message":"Broken request"}}',
        ],
      }),
    ).toBe(
      "The model provider rejected the request (400 Broken request) — check the agent's model in its settings.",
    );
  });

  it('shortens a long runtime message', () => {
    const message = failureMessage({ errorClass: 'unknown', messages: ['y'.repeat(1000)] });
    expect(message.length).toBeLessThan(400);
  });
});
