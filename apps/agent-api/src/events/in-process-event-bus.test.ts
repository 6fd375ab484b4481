import { describe, expect, it, vi } from 'vitest';
import type { RunEventNotice } from './event-bus.ts';
import { createInProcessEventBus } from './in-process-event-bus.ts';
import type { RunCommand } from './run-command.ts';

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

  it('hands a run command to every command listener until it unsubscribes', async () => {
    const bus = createInProcessEventBus();
    const heard: Array<[string, RunCommand]> = [];
    const stopFirst = bus.onCommand((command) => heard.push(['first', command]));
    bus.onCommand((command) => heard.push(['second', command]));
    const answer: RunCommand = {
      type: 'permission.answer',
      runId: 'run_a',
      requestId: 'perm_1',
      decision: 'allow',
    };

    await bus.sendCommand(answer);
    stopFirst();
    await bus.sendCommand({ ...answer, requestId: 'perm_2' });

    expect(heard).toEqual([
      ['first', answer],
      ['second', answer],
      ['second', { ...answer, requestId: 'perm_2' }],
    ]);
    await bus.close();
    await bus.sendCommand(answer);
    bus.onCommand((command) => heard.push(['late', command]))();
    expect(heard).toHaveLength(3);
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
