import { get } from 'node:http';

/** Options for `waitForHealth`. */
export interface WaitForHealthOptions {
  url: string;
  timeoutMs: number;
  /** Resolves (with a reason) when waiting is pointless, e.g. the process exited. */
  abandoned: Promise<string>;
  /** Called every `progressEveryMs` while still waiting; must not throw. */
  onProgress?: (elapsedMs: number) => void;
  progressEveryMs?: number;
}

/** How waiting ended: healthy, gave up (timeout) or abandoned (with the reason). */
export type HealthOutcome =
  | { status: 'healthy' }
  | { status: 'timeout' }
  | { status: 'abandoned'; reason: string };

/** Polls `url` until it answers 2xx, the timeout passes, or `abandoned` resolves. */
export async function waitForHealth(options: WaitForHealthOptions): Promise<HealthOutcome> {
  const started = Date.now();
  let abandonedReason: string | undefined;
  void options.abandoned.then((reason) => {
    abandonedReason = reason;
  });
  let nextProgress = options.progressEveryMs ?? 5000;
  while (Date.now() - started < options.timeoutMs) {
    if (abandonedReason !== undefined) return { status: 'abandoned', reason: abandonedReason };
    if (await answersOk(options.url, 2000)) return { status: 'healthy' };
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

/**
 * One GET of a plain-HTTP `url`: whether it answered 2xx within `timeoutMs` (not listening
 * yet, refused or silent: false). `node:http`, not `fetch`: the supervisor stays small and
 * starts fast (Node compiles its bundled undici on first `fetch`, ~0.1 s of CPU; ADR 0026).
 */
function answersOk(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 300);
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(false));
    } catch {
      resolve(false);
    }
  });
}
