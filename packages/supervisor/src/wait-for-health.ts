/** Options for `waitForHealth`. */
export interface WaitForHealthOptions {
  url: string;
  timeoutMs: number;
  /** Resolves (with a reason) when waiting is pointless, e.g. the process exited. */
  abandoned: Promise<string>;
  /** Called every `progressEveryMs` while still waiting; must not throw. */
  onProgress?: (elapsedMs: number) => void;
  progressEveryMs?: number;
  fetch?: typeof fetch;
}

/** How waiting ended: healthy, gave up (timeout) or abandoned (with the reason). */
export type HealthOutcome =
  | { status: 'healthy' }
  | { status: 'timeout' }
  | { status: 'abandoned'; reason: string };

/** Polls `url` until it answers 2xx, the timeout passes, or `abandoned` resolves. */
export async function waitForHealth(options: WaitForHealthOptions): Promise<HealthOutcome> {
  const doFetch = options.fetch ?? fetch;
  const started = Date.now();
  let abandonedReason: string | undefined;
  void options.abandoned.then((reason) => {
    abandonedReason = reason;
  });
  let nextProgress = options.progressEveryMs ?? 5000;
  while (Date.now() - started < options.timeoutMs) {
    if (abandonedReason !== undefined) return { status: 'abandoned', reason: abandonedReason };
    try {
      const response = await doFetch(options.url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) return { status: 'healthy' };
    } catch {
      // Not listening yet.
    }
    const elapsed = Date.now() - started;
    if (options.onProgress && elapsed >= nextProgress) {
      options.onProgress(elapsed);
      nextProgress += options.progressEveryMs ?? 5000;
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), options.abandoned]);
  }
  if (abandonedReason !== undefined) return { status: 'abandoned', reason: abandonedReason };
  return { status: 'timeout' };
}
