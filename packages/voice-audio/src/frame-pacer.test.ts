import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FramePacer } from './frame-pacer.ts';

/** A pacer on the fake clock that records each frame with the time it was sent. */
function recordingPacer(options: { leadFrames?: number } = {}) {
  const sent: Array<{ at: number; frame: Uint8Array }> = [];
  const start = Date.now();
  const pacer = new FramePacer({
    frameBytes: 160,
    ...options,
    send: (frame) => sent.push({ at: Date.now() - start, frame }),
    now: () => Date.now(),
  });
  return { pacer, sent, times: () => sent.map((entry) => entry.at) };
}

/** `frames` frames whose bytes count up, so order and framing can be checked. */
const audio = (frames: number) => new Uint8Array(frames * 160).map((_, i) => i % 251);

describe('FramePacer on a fake clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the lead at once, then one frame per 20 ms on schedule, in whole frames in order', async () => {
    const { pacer, sent, times } = recordingPacer();
    const bytes = audio(10);
    pacer.push(bytes.subarray(0, 1000));
    pacer.push(bytes.subarray(1000));
    expect(times()).toEqual([0, 0, 0, 0]);
    expect(pacer.queuedMs).toBe(120);
    await vi.advanceTimersByTimeAsync(200);
    expect(times()).toEqual([0, 0, 0, 0, 20, 40, 60, 80, 100, 120]);
    expect(sent.every((entry) => entry.frame.length === 160)).toBe(true);
    const joined = new Uint8Array(sent.flatMap((entry) => [...entry.frame]));
    expect(joined).toEqual(bytes);
  });

  it('never runs more than leadFrames ahead of real time, over a long stretch', async () => {
    const { pacer, times } = recordingPacer({ leadFrames: 2 });
    pacer.push(audio(500));
    await vi.advanceTimersByTimeAsync(11_000);
    const sendTimes = times();
    expect(sendTimes.length).toBe(500);
    // Frame n is due at n·20 ms and goes out exactly leadFrames frames early: no drift after 10 s.
    expect(sendTimes).toEqual(sendTimes.map((_, n) => Math.max(0, (n - 2) * 20)));
  });

  it('holds a partial frame until more bytes come or flushPadded pads it with μ-law silence', async () => {
    const { pacer, sent } = recordingPacer();
    pacer.push(new Uint8Array(100).fill(7));
    expect(sent.length).toBe(0);
    await expect(pacer.idle()).resolves.toBeUndefined();
    expect(pacer.queuedMs).toBe(12.5);
    pacer.push(new Uint8Array(100).fill(8));
    expect(sent.length).toBe(1);
    pacer.flushPadded();
    expect(sent.length).toBe(2);
    const last = sent[1]?.frame as Uint8Array;
    expect([...last.subarray(0, 40)]).toEqual(new Array(40).fill(8));
    expect([...last.subarray(40)]).toEqual(new Array(120).fill(0xff));
    pacer.flushPadded();
    expect(sent.length).toBe(2);
  });

  it('clear drops everything queued at once and resolves idle; the next audio starts a new stretch', async () => {
    const { pacer, times } = recordingPacer();
    pacer.push(audio(50));
    await vi.advanceTimersByTimeAsync(100);
    const idle = pacer.idle();
    let idleDone = false;
    void idle.then(() => {
      idleDone = true;
    });
    const sentBefore = times().length;
    pacer.clear();
    expect(pacer.queuedMs).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(times().length).toBe(sentBefore);
    expect(idleDone).toBe(true);
    pacer.push(audio(5));
    expect(times().slice(sentBefore)).toEqual([1100, 1100, 1100, 1100]);
  });

  it('idle resolves when the last whole frame has gone out', async () => {
    const { pacer, times } = recordingPacer();
    pacer.push(audio(8));
    let resolvedAt: number | undefined;
    void pacer.idle().then(() => {
      resolvedAt = times().at(-1);
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(resolvedAt).toBe(80);
  });

  it('restarts the schedule after running dry, and keeps it while audio arrives in time', async () => {
    const { pacer, times } = recordingPacer();
    pacer.push(audio(1));
    await vi.advanceTimersByTimeAsync(300);
    pacer.push(audio(5));
    await vi.advanceTimersByTimeAsync(10);
    pacer.push(audio(2));
    await vi.advanceTimersByTimeAsync(500);
    expect(times()).toEqual([0, 300, 300, 300, 300, 320, 340, 360]);
  });

  it('stop ends the timer and ignores later audio', async () => {
    const { pacer, times } = recordingPacer();
    pacer.push(audio(10));
    pacer.stop();
    expect(vi.getTimerCount()).toBe(0);
    pacer.push(audio(10));
    await vi.advanceTimersByTimeAsync(500);
    expect(times().length).toBe(4);
  });

  it('refuses a frame size that is not a positive whole number', () => {
    expect(() => new FramePacer({ frameBytes: 0, send: () => {} })).toThrow(RangeError);
  });
});

describe('FramePacer on the real clock', () => {
  it('does not drift: after 1 s of frames the last one is on its schedule', async () => {
    const sent: number[] = [];
    // The pacer's own reading of the clock: its first, at the push, is the schedule's origin
    // (the first frame's send time is not: a stall between the two would shift every due time).
    const readings: number[] = [];
    // A 1 ms heartbeat on the same event loop: when the process is starved (a loaded machine),
    // the heartbeat is late by as much as the frames, so a frame is judged against the first
    // moment the loop could run anything after it was due, not against the wall clock alone.
    const beats: number[] = [];
    const heartbeat = setInterval(() => beats.push(performance.now()), 1);
    const pacer = new FramePacer({
      frameBytes: 160,
      leadFrames: 0,
      send: () => sent.push(performance.now()),
      now: () => {
        const at = performance.now();
        readings.push(at);
        return at;
      },
    });
    pacer.push(audio(51));
    await pacer.idle();
    clearInterval(heartbeat);
    const origin = readings[0] as number;
    const due = (n: number) => origin + n * 20;
    expect(sent).toHaveLength(51);
    // None early.
    expect(Math.min(...sent.map((at, n) => at - due(n)))).toBeGreaterThanOrEqual(-1);
    // Each frame goes out within a few ms of the loop's first turn after it was due; a chain of
    // 20 ms timeouts would fall further behind with every frame (≥ 40 ms by the last ones).
    const behindTheLoop = sent.map((at, n) => {
      const firstTurn = beats.find((beat) => beat >= due(n)) ?? at;
      return at - Math.min(firstTurn, at);
    });
    const lastTen = behindTheLoop.slice(-10).sort((a, b) => a - b);
    expect(lastTen[5]).toBeLessThan(15);
  });
});
