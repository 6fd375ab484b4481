import {
  type ErrorClass,
  errorClassOfStatus,
  isRetryable,
  isUnreachableProviderMessage,
} from '@lifeosai/events';

/** An error class and whether trying the same request later may succeed. */
export interface ErrorClassification {
  readonly errorClass: ErrorClass;
  readonly retryable: boolean;
}

/*
 * Pi reports a failed model call as text only (`AssistantMessage.errorMessage`), in each
 * provider SDK's own wording: Anthropic's `401 {"type":"error",…}`, OpenAI's `401: {…}`, a
 * bare in-stream error body, or a transport message (`terminated`). So classification reads
 * the text: an HTTP status at the start, then a provider error type, then known phrases.
 */

/** Phrases providers use for a prompt that no longer fits (after pi-ai's overflow patterns). */
const contextOverflowPatterns: readonly RegExp[] = [
  /prompt is too long/i,
  /request_too_large/i,
  /context[ _-]?(length|window|size)/i,
  /maximum context/i,
  /input token count exceeds/i,
  /too large for model/i,
  /reduce the length of the messages/i,
  /exceeds? the (available|maximum)/i,
  /model token limit/i,
];

/** Anthropic / OpenAI error `type` values, as found in error bodies. */
const errorTypeClasses: Readonly<Record<string, ErrorClass>> = {
  authentication_error: 'auth',
  permission_error: 'auth',
  invalid_api_key: 'auth',
  rate_limit_error: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  insufficient_quota: 'rate_limit',
  overloaded_error: 'overloaded',
  api_error: 'overloaded',
  server_error: 'overloaded',
  invalid_request_error: 'invalid_request',
  not_found_error: 'invalid_request',
};

/** Class of a failure described by `message` (a Pi `errorMessage`, a thrown error's text). */
export function classifyErrorMessage(message: string): ErrorClassification {
  const errorClass = classOf(message);
  return { errorClass, retryable: isRetryable(errorClass) };
}

function classOf(message: string): ErrorClass {
  if (contextOverflowPatterns.some((pattern) => pattern.test(message))) return 'context_overflow';
  // Before the status: the LLM proxy answers an unreachable provider with a 502.
  if (isUnreachableProviderMessage(message)) return 'provider_unreachable';
  const status = /^\s*(\d{3})\b/.exec(message)?.[1];
  const byStatus = status === undefined ? undefined : errorClassOfStatus(Number(status));
  if (byStatus !== undefined) return byStatus;
  const errorType = /"type"\s*:\s*"([a-z_]+)"/g;
  for (const match of message.matchAll(errorType)) {
    const known = errorTypeClasses[match[1]!];
    if (known !== undefined) return known;
  }
  if (/\b(unauthori[sz]ed|invalid (x-)?api[ -]?key|authentication)\b/i.test(message)) return 'auth';
  if (/\brate[ -]?limit/i.test(message)) return 'rate_limit';
  if (/\boverloaded\b/i.test(message)) return 'overloaded';
  return 'unknown';
}
