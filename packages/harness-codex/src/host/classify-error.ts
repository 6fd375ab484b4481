import { type ErrorClass, errorClassOfStatus, isUnreachableProviderMessage } from '@lifeosai/events';

/*
 * Codex reports a failed model call as text only (`turn.failed`'s message), in its own
 * wording: `unexpected status 401 Unauthorized: …`, `exceeded retry limit, last status: 429 …`,
 * the provider's error body (`{"error":{"type":"invalid_request_error",…}}`), its own phrase
 * for a 5xx ("We’re currently experiencing high demand"), or a transport failure
 * (`error sending request`, `stream disconnected before completion`). So classification reads
 * the text: overflow first, then an unreachable provider, then an HTTP status, then an error type.
 */

const contextOverflow =
  /context[ _-]?(length|window)|maximum context|too many tokens|input exceeds the context|context_length_exceeded/i;

/** Codex's words for a provider it could not connect to at all. */
const connectionFailed = /Connection failed|error sending request|connection refused|dns error/i;

/** OpenAI error `type`/`code` values, as found in error bodies. */
const errorTypeClasses: Readonly<Record<string, ErrorClass>> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'auth',
  invalid_api_key: 'auth',
  permission_error: 'auth',
  rate_limit_exceeded: 'rate_limit',
  rate_limit_error: 'rate_limit',
  insufficient_quota: 'rate_limit',
  server_error: 'overloaded',
  overloaded_error: 'overloaded',
};

/** The class of a failure Codex described in `message`. */
export function classifyCodexError(message: string): ErrorClass {
  if (contextOverflow.test(message)) return 'context_overflow';
  // Before the status: the LLM proxy answers an unreachable provider with a 502.
  if (isUnreachableProviderMessage(message) || connectionFailed.test(message)) return 'provider_unreachable';
  const status = /\bstatus:? (\d{3})\b/i.exec(message)?.[1];
  const byStatus = status === undefined ? undefined : errorClassOfStatus(Number(status));
  if (byStatus !== undefined) return byStatus;
  for (const match of message.matchAll(/"(?:type|code)"\s*:\s*"([a-z_]+)"/g)) {
    const known = errorTypeClasses[match[1]!];
    if (known !== undefined) return known;
  }
  if (/high demand|overloaded|service unavailable/i.test(message)) return 'overloaded';
  if (/unauthori[sz]ed|invalid api key/i.test(message)) return 'auth';
  return 'unknown';
}
