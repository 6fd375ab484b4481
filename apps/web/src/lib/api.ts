/** Same-origin JSON calls to /api/* (the gateway behind this origin). */
import type { ErrorCode } from '@lifeosai/errors';

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
  let body: string | undefined;
  if (init.body !== undefined) {
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
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
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

export interface Me {
  userId: string;
  email: string;
  name: string;
  orgId: string;
  role: string;
  isInstanceAdmin: boolean;
}

export interface Agent {
  id: string;
  name: string;
  instructions: string | null;
  adapterType: string;
  adapterConfig: Record<string, unknown>;
  status: string;
  createdAt: string;
}

/** An item of `GET /api/agent/harnesses`: the harness's own metadata (see harness-spec's `HarnessMetadata`). */
export interface Harness {
  id: string;
  displayName: string;
  description: string;
  capabilities: Record<string, boolean>;
  /** The providers it talks to, its default first. */
  providers: { id: string; label: string; defaultBaseUrl?: string }[];
  /** The models it knows without asking; per provider one `isDefault`. */
  models: { id: string; displayName: string; provider: string; isDefault?: boolean }[];
  /** The `adapterConfig` keys an editor may offer; `kind: 'provider'` names the provider key. */
  configFields: { key: string; label: string; kind: string }[];
}

export interface ProviderView {
  provider: string;
  label: string;
  baseUrl: string | null;
  defaultModel: string | null;
  hasKey: boolean;
  keySource?: string;
  models?: { id: string }[];
}

export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export interface Run {
  id: string;
  agentId: string;
  sessionId: string;
  status: string;
  prompt?: string;
  usage?: Usage | null;
  costUsd?: number | null;
  error?: { code: string; message: string } | null;
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export const terminalStatuses = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);

export function totalTokens(usage: Usage | null | undefined): number {
  if (!usage) return 0;
  return (
    (usage.input_tokens ?? 0) +
    (usage.output_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0)
  );
}

export function formatDuration(run: Pick<Run, 'startedAt' | 'finishedAt'>): string {
  if (!run.startedAt) return '—';
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
  const ms = Math.max(0, end - Date.parse(run.startedAt));
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatCost(cost: number | null | undefined): string {
  if (cost === null || cost === undefined) return '—';
  return `$${cost.toFixed(cost < 0.01 ? 6 : 4)}`;
}
