import { afterEach, describe, expect, it, vi } from 'vitest';
import { pause } from './pause.ts';

describe('pause', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves true after the delay', async () => {
    await expect(pause(5, new AbortController().signal)).resolves.toBe(true);
  });

  it('resolves false when aborted, even when waiting forever', async () => {
    const controller = new AbortController();
    const waiting = pause(Number.POSITIVE_INFINITY, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(false);
  });

  it('clears its timer when aborted', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = pause(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves false at once for an already aborted signal', async () => {
    await expect(pause(10_000, AbortSignal.abort())).resolves.toBe(false);
  });
});
