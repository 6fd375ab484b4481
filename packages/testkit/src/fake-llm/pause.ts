// setTimeout fires at once for delays past 2^31-1 ms, so longer pauses wait for the signal.
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Waits `ms` (`Infinity` = until aborted). Resolves `true` when the time passed, `false`
 * as soon as `signal` aborts; never rejects and leaves no timer or listener behind.
 */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = ms <= LONGEST_TIMER_MS ? setTimeout(finish, ms, true) : undefined;
    const onAbort = (): void => finish(false);
    signal.addEventListener('abort', onAbort, { once: true });
    function finish(elapsed: boolean): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(elapsed);
    }
  });
}
