import { type ErrorClass, isUnreachableProviderMessage } from '@lifeosai/events';

/** What is known about a failed model call, from the SDK's result and error messages. */
export interface ApiFailure {
  /** HTTP status of the failed call (`api_error_status`), when there was a response. */
  readonly status?: number | null;
  /** The SDK's error code on the synthetic assistant message (`authentication_failed`, …). */
  readonly sdkError?: string;
  /** Claude Code's `terminal_reason` on the result (`prompt_too_long`, `api_error`, …). */
  readonly terminalReason?: string;
  /** The human-readable error text. */
  readonly message?: string;
}

const CONTEXT_OVERFLOW = /prompt is too long|context (window|length)|too many tokens/i;

/**
 * Classifies a model-call failure Claude Code reported in its result. The HTTP status is
 * the most reliable signal, then the SDK's error code, then the text: Claude Code rewrites
 * provider messages ("Invalid API key · Fix external API key"), so text matching is a
 * last resort.
 */
export function classifyApiFailure(failure: ApiFailure): ErrorClass {
  const { status, sdkError, terminalReason, message = '' } = failure;
  if (terminalReason === 'prompt_too_long' || CONTEXT_OVERFLOW.test(message)) return 'context_overflow';
  // Before the status: the LLM proxy answers an unreachable provider with a 502.
  if (isUnreachableProviderMessage(message)) return 'provider_unreachable';
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 529 || (status !== undefined && status !== null && status >= 500)) return 'overloaded';
  if (status === 400 || status === 404 || status === 413 || status === 422) return 'invalid_request';
  switch (sdkError) {
    case 'authentication_failed':
    case 'oauth_org_not_allowed':
    case 'billing_error':
    case 'cloud_credential_error':
    case 'account_on_hold':
    case 'verification_required':
      return 'auth';
    case 'rate_limit':
      return 'rate_limit';
    case 'overloaded':
    case 'server_error':
      return 'overloaded';
    case 'invalid_request':
    case 'model_not_found':
      return 'invalid_request';
  }
  return 'unknown';
}

/** True for the Node errors a failed `spawn` produces (binary missing, not executable). */
export function isSpawnError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof syscall === 'string' && syscall.startsWith('spawn')) return true;
  return code === 'ENOENT' || code === 'EACCES' || code === 'ENOEXEC';
}
