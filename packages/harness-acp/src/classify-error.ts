import { type ErrorClass, errorClassOfStatus, isUnreachableProviderMessage } from '@lifeosai/events';

/** ACP's error code for "authenticate first" (`auth_required`). */
const authRequiredCode = -32000;

/** `data.errorKind` values agents attach to a failed prompt (claude-agent-acp's), by class. */
const errorKinds: Readonly<Record<string, ErrorClass>> = {
  authentication_failed: 'auth',
  billing_error: 'auth',
  rate_limit: 'rate_limit',
  server_error: 'overloaded',
  overloaded: 'overloaded',
  invalid_request: 'invalid_request',
  model_not_found: 'invalid_request',
  prompt_too_long: 'context_overflow',
  context_overflow: 'context_overflow',
};

const contextOverflow = /prompt is too long|context (window|length)|too many tokens|maximum context/i;

/** A failed ACP request as the SDK rejects it: `RequestError`'s code, message and data. */
export interface AcpFailure {
  readonly code?: number;
  readonly message: string;
  readonly data?: unknown;
}

/**
 * Classifies a failed `session/prompt` (or `session/new`): ACP says little in structure — an
 * `auth_required` code, sometimes an `errorKind` — so the HTTP status the agent quotes in its
 * message ("API Error: 429 …", "Request rejected (429)") and known phrases decide the rest.
 */
export function classifyAcpFailure(failure: AcpFailure): ErrorClass {
  const { code, message } = failure;
  if (contextOverflow.test(message)) return 'context_overflow';
  // Before the status: the LLM proxy answers an unreachable provider with a 502.
  if (isUnreachableProviderMessage(message)) return 'provider_unreachable';
  if (code === authRequiredCode) return 'auth';
  // JSON-RPC's own codes are negative; Gemini CLI answers a failed model call with its HTTP status.
  const byCode = code === undefined ? undefined : errorClassOfStatus(code);
  if (byCode !== undefined) return byCode;
  const status = quotedStatus(message);
  const byStatus = status === undefined ? undefined : errorClassOfStatus(status);
  if (byStatus !== undefined) return byStatus;
  const kind = errorKindOf(failure.data);
  if (kind !== undefined && errorKinds[kind] !== undefined) return errorKinds[kind];
  if (/\b(unauthori[sz]ed|invalid (x-)?api[ -]?key|authentication)\b/i.test(message)) return 'auth';
  if (/\brate[ -]?limit/i.test(message)) return 'rate_limit';
  if (/\boverloaded\b/i.test(message)) return 'overloaded';
  return 'unknown';
}

/** The HTTP status an agent's error text quotes, if any. */
function quotedStatus(message: string): number | undefined {
  const match =
    /\b(?:API Error|status|HTTP)\b\D{0,20}\b([45]\d\d)\b/i.exec(message) ?? /\(([45]\d\d)\)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

function errorKindOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const kind = (data as { errorKind?: unknown }).errorKind;
  return typeof kind === 'string' ? kind : undefined;
}
