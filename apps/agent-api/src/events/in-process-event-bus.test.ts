import { describe, expect, it, vi } from 'vitest';
import type { RunEventNotice } from './event-bus.ts';
import { createInProcessEventBus } from './in-process-event-bus.ts';

describe('in-process event bus', () => {
  it('delivers a notice to the listeners of its run only, until they unsubscribe', async () => {
    const bus = createInProcessEventBus();
    const heard: Array<[string, RunEventNotice]> = [];
    const stopA = bus.subscribe('run_a', (notice) => heard.push(['a', notice]));
    bus.subscribe('run_b', (notice) => heard.push(['b', notice]));

    await bus.publish({ runId: 'run_a', seq: 3, terminal: false });
    stopA();
    stopA();
    await bus.publish({ runId: 'run_a', seq: 4, terminal: true });
    await bus.publish({ runId: 'run_b', seq: 1, terminal: false });

    expect(heard).toEqual([
      ['a', { runId: 'run_a', seq: 3, terminal: false }],
      ['b', { runId: 'run_b', seq: 1, terminal: false }],
    ]);
    await bus.close();
  });

  it('keeps delivering to the others when a listener throws, and reports it', async () => {
    const log = { warn: vi.fn(), error: vi.fn() };
    const bus = createInProcessEventBus({ log });
    const heard: number[] = [];
    bus.subscribe('run_a', () => {
      throw new Error('listener bug');
    });
    bus.subscribe('run_a', (notice) => heard.push(notice.seq));

    await expect(bus.publish({ runId: 'run_a', seq: 1, terminal: false })).resolves.toBeUndefined();
    expect(heard).toEqual([1]);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ runId: 'run_a' }), expect.any(String));
    await bus.close();
  });

  it('treats the same function subscribed twice as two subscriptions', async () => {
    const bus = createInProcessEventBus();
    const heard: number[] = [];
    const listener = (notice: RunEventNotice) => heard.push(notice.seq);
    const first = bus.subscribe('run_a', listener);
    bus.subscribe('run_a', listener);
    first();
    await bus.publish({ runId: 'run_a', seq: 1, terminal: false });
    expect(heard).toEqual([1]);
    await bus.close();
  });

  it('goes quiet once closed, and closing twice is fine', async () => {
    const bus = createInProcessEventBus();
    const heard: number[] = [];
    bus.subscribe('run_a', (notice) => heard.push(notice.seq));
    await bus.close();
    await bus.close();
    bus.subscribe('run_a', (notice) => heard.push(notice.seq))();
    await bus.publish({ runId: 'run_a', seq: 1, terminal: false });
    expect(heard).toEqual([]);
  });
});
