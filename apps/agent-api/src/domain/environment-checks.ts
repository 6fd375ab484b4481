import { notFound } from '@lifeosai/errors';
import type { EnvironmentDiagnostic, Harness, ProviderCredentials } from '@lifeosai/harness-spec';

/** `GET /harnesses/:id/environment`: can runs of this harness work here, for this organization? */
export interface EnvironmentReport {
  harness: string;
  /** True when no diagnostic is an `error`. */
  ready: boolean;
  /** When the check ran (ISO 8601); repeated calls within the cache period return the same report. */
  checkedAt: string;
  diagnostics: EnvironmentDiagnostic[];
}

export interface EnvironmentChecks {
  /**
   * The report for one organization and harness; a 404 PlatformError for an unknown harness.
   * `refresh`: don't reuse a finished report (a person pressed "check again" after fixing
   * something); a check still running is shared all the same.
   */
  check(orgId: string, harnessId: string, options?: { refresh?: boolean }): Promise<EnvironmentReport>;
}

export interface EnvironmentChecksOptions {
  harnesses: ReadonlyMap<string, Harness<unknown>>;
  /** The organization's provider credentials, as its runs get them. */
  credentialsFor(orgId: string): Promise<ProviderCredentials>;
  /** How long a report is reused (ms); a UI polls cheaply. Default 30 s. */
  cacheMs?: number;
  /** The abort signal a check gets; past it (plus a second of grace) it is reported as an error. Default 20 s. */
  timeoutMs?: number;
  /** Reports kept at most (one per organization and harness). Default 1000. */
  maxEntries?: number;
  now?: () => number;
  /** Told when a harness breaks its contract and rejects (the report then says so). */
  onError?: (error: unknown, harnessId: string) => void;
  /**
   * Findings about the platform itself (whether runs are sandboxed), added to every report;
   * a promise while they are still being found (the sandbox probe at start).
   */
  platformDiagnostics?: ReadonlyArray<EnvironmentDiagnostic> | Promise<ReadonlyArray<EnvironmentDiagnostic>>;
}

interface Entry {
  report: Promise<EnvironmentReport>;
  /** Infinity while the check runs: concurrent callers share it. */
  expiresAt: number;
}

/**
 * Runs `Harness.checkEnvironment` with an organization's credentials, bounded by an abort
 * signal, and caches the report per (organization, harness). Concurrent requests share one
 * check. Key values are scrubbed from every message as a last line of defence (the harness
 * contract already forbids printing them), and so is the password of a base URL.
 */
export function createEnvironmentChecks(options: EnvironmentChecksOptions): EnvironmentChecks {
  const cacheMs = options.cacheMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();

  const evict = () => {
    for (const [key, entry] of cache) if (entry.expiresAt <= now()) cache.delete(key);
    // Still full: drop the oldest (a Map keeps insertion order).
    for (const key of cache.keys()) {
      if (cache.size < maxEntries) break;
      cache.delete(key);
    }
  };

  const run = async (orgId: string, harness: Harness<unknown>): Promise<EnvironmentReport> => {
    const credentials = await options.credentialsFor(orgId);
    const checkedAt = new Date(now()).toISOString();
    const diagnostics = await boundedCheck(harness, credentials, timeoutMs, options.onError);
    const scrubbed = [...diagnostics, ...((await options.platformDiagnostics) ?? [])].map((diagnostic) =>
      scrub(diagnostic, credentials),
    );
    return {
      harness: harness.id,
      ready: !scrubbed.some((diagnostic) => diagnostic.status === 'error'),
      checkedAt,
      diagnostics: scrubbed,
    };
  };

  return {
    check(orgId, harnessId, checkOptions = {}) {
      const harness = options.harnesses.get(harnessId);
      if (!harness) return Promise.reject(notFound('harness', harnessId));
      const key = `${orgId}\u0000${harnessId}`;
      const cached = cache.get(key);
      const running = cached?.expiresAt === Number.POSITIVE_INFINITY;
      if (cached && cached.expiresAt > now() && (running || !checkOptions.refresh)) return cached.report;
      cache.delete(key);
      if (cache.size >= maxEntries) evict();
      const entry: Entry = { report: run(orgId, harness), expiresAt: Number.POSITIVE_INFINITY };
      cache.set(key, entry);
      entry.report.then(
        () => {
          entry.expiresAt = now() + cacheMs;
        },
        () => {
          // A failed lookup (the database, say) is not a finding: the next request retries.
          if (cache.get(key) === entry) cache.delete(key);
        },
      );
      return entry.report;
    },
  };
}

async function boundedCheck(
  harness: Harness<unknown>,
  credentials: ProviderCredentials,
  timeoutMs: number,
  onError: EnvironmentChecksOptions['onError'],
): Promise<EnvironmentDiagnostic[]> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<EnvironmentDiagnostic[]>((resolve) => {
    timer = setTimeout(
      () =>
        resolve([
          {
            id: 'environment-check',
            status: 'error',
            message: `The ${harness.displayName} environment check did not finish within ${Math.round(timeoutMs / 1000)} s.`,
            fix: 'Check the load of the machine running the Agent API, then look again.',
          },
        ]),
      timeoutMs + 1000,
    );
  });
  try {
    const checked = harness
      .checkEnvironment({ credentials, env: {}, signal: AbortSignal.timeout(timeoutMs) })
      .then(
        (diagnostics) => [...diagnostics],
        (error: unknown): EnvironmentDiagnostic[] => {
          onError?.(error, harness.id);
          return [
            {
              id: 'environment-check',
              status: 'error',
              message: `The ${harness.displayName} environment check failed unexpectedly.`,
              fix: 'See the Agent API log, and report it.',
            },
          ];
        },
      );
    return await Promise.race([checked, overdue]);
  } finally {
    clearTimeout(timer);
  }
}

function scrub(diagnostic: EnvironmentDiagnostic, credentials: ProviderCredentials): EnvironmentDiagnostic {
  const secrets = Object.values(credentials).flatMap((credential) => [
    ...(credential?.apiKey ? [credential.apiKey] : []),
    ...(credential?.baseUrl ? urlPasswords(credential.baseUrl) : []),
  ]);
  const clean = (text: string) =>
    secrets.reduce((result, secret) => result.replaceAll(secret, '[REDACTED]'), text);
  return {
    id: diagnostic.id,
    status: diagnostic.status,
    message: clean(diagnostic.message),
    ...(diagnostic.fix !== undefined && { fix: clean(diagnostic.fix) }),
  };
}

/** A base URL's password as written and decoded; none when it has none. */
function urlPasswords(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}
