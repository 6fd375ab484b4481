/** How evenly frames arrived: what a listener on the phone would notice as gaps. */
export interface FrameTiming {
  /** Intervals measured (frames − 1). */
  count: number;
  meanMs: number;
  /** 95th percentile interval. */
  p95Ms: number;
  maxMs: number;
  /** Mean absolute deviation from the nominal frame length. */
  jitterMs: number;
  /**
   * Intervals longer than `lateAfterMs`: a frame that late lets a phone's playout buffer run dry
   * unless enough audio was sent ahead.
   */
  late: number;
}

/**
 * Summarises inter-arrival times of frames nominally `frameMs` apart. Frames sent ahead of real
 * time arrive in bursts (short intervals) and are not late; a gap past `lateAfterMs` (default
 * 1.5 frames) is.
 */
export function frameTiming(
  intervals: readonly number[],
  frameMs = 20,
  lateAfterMs = frameMs * 1.5,
): FrameTiming {
  if (intervals.length === 0) return { count: 0, meanMs: 0, p95Ms: 0, maxMs: 0, jitterMs: 0, late: 0 };
  const sorted = [...intervals].sort((a, b) => a - b);
  const sum = intervals.reduce((total, interval) => total + interval, 0);
  return {
    count: intervals.length,
    meanMs: sum / intervals.length,
    p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number,
    maxMs: sorted.at(-1) as number,
    jitterMs:
      intervals.reduce((total, interval) => total + Math.abs(interval - frameMs), 0) / intervals.length,
    late: intervals.filter((interval) => interval > lateAfterMs).length,
  };
}
