import type { ErrorBody } from '@lifeosai/api-contract';
import type { ErrorCode } from '@lifeosai/errors';

/** Same-origin JSON calls to /api/* (the gateway behind this origin). */
export class ApiError extends Error {
  readonly status: number;
  /** The answer's code: one of the platform's catalogue, or better-auth's own (`EMAIL_NOT_VERIFIED`). */
  readonly code: ErrorCode | (string & {});
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** True when `caught` is the platform's answer with this catalogue code. */
export function isApiError(caught: unknown, code: ErrorCode): caught is ApiError {
  return caught instanceof ApiError && caught.code === code;
}

export async function api<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  let body: string | FormData | undefined;
  if (init.body instanceof FormData) {
    // An upload: the browser writes the multipart content type with its boundary.
    body = init.body;
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  } else if (method !== 'GET' && method !== 'DELETE') {
    headers['content-type'] = 'application/json';
    body = '{}';
  }
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    // A 4xx/5xx body is the contract's error body; a proxy in between may answer anything else.
    const error = (data as Partial<ErrorBody> | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `Request failed with status ${response.status}`,
    );
  }
  return data as T;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The API's shapes come from the contract (type-only: nothing of it reaches the bundle). `Me` is
 * `GET /api/me`; `ProviderView` one provider of `GET /api/models` (settings, models, why not).
 */
export type {
  Agent,
  HarnessSummary as Harness,
  Me,
  ProviderSettings,
  ProviderView,
  Run,
  StartedRun,
} from '@lifeosai/api-contract';

export const terminalStatuses = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);

/** Every token a run's (or a result's) usage counts: input, output and both cache kinds. */
export function totalTokens(usage: Partial<Record<string, number>> | null | undefined): number {
  if (!usage) return 0;
  return (
    (usage.input_tokens ?? 0) +
    (usage.output_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0)
  );
}

export function formatDuration(run: { startedAt?: string | null; finishedAt?: string | null }): string {
  if (!run.startedAt) return '—';
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
  const ms = Math.max(0, end - Date.parse(run.startedAt));
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatCost(cost: number | null | undefined): string {
  if (cost === null || cost === undefined) return '—';
  return `$${cost.toFixed(cost < 0.01 ? 6 : 4)}`;
}
