import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.ts';

describe('EventQueue', () => {
  it('hands items over in order to a consumer that waits for them, and ends after close', async () => {
    const queue = new EventQueue<number>();
    const seen: number[] = [];
    const consumed = (async () => {
      for await (const item of queue) seen.push(item);
    })();
    queue.push(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    queue.push(2);
    queue.push(3);
    queue.close();
    queue.push(4); // after close: ignored
    await consumed;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('drains what was queued before close when the consumer starts late', async () => {
    const queue = new EventQueue<string>();
    queue.push('a');
    queue.push('b');
    queue.close();
    queue.close();
    const seen: string[] = [];
    for await (const item of queue) seen.push(item);
    expect(seen).toEqual(['a', 'b']);
  });
});
