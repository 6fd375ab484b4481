import { EventQueue } from '@lifeosai/events';
import { describe, expect, it } from 'vitest';
import { cancelOnEarlyExit } from './cancel-on-early-exit.ts';

describe('cancelOnEarlyExit', () => {
  it('passes every item through and cancels nothing when the consumer reads to the end', async () => {
    const queue = new EventQueue<number>();
    const reasons: string[] = [];
    queue.push(1);
    queue.push(2);
    queue.close();
    const seen: number[] = [];
    for await (const item of cancelOnEarlyExit(queue, async (reason) => void reasons.push(reason)))
      seen.push(item);
    expect(seen).toEqual([1, 2]);
    expect(reasons).toEqual([]);
  });

  it('cancels, and waits for the cancel, when the consumer breaks out early', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    queue.push(2);
    let cancelled = '';
    const cancel = async (reason: string) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      cancelled = reason;
    };
    for await (const _item of cancelOnEarlyExit(queue, cancel)) break;
    expect(cancelled).toBe('the consumer stopped reading events');
  });
});
