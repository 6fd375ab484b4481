import { STATUS_CODES } from 'node:http';

/** The contract's error body. */
export interface ContractErrorBody {
  error: { code: string; message: string };
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;

/** The code an error answer gets when it names none itself, by status. */
export function codeForStatus(status: number): string {
  const known: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    408: 'REQUEST_TIMEOUT',
    409: 'CONFLICT',
    413: 'BODY_TOO_LARGE',
    414: 'URL_TOO_LONG',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
    431: 'HEADERS_TOO_LARGE',
    502: 'UPSTREAM_UNAVAILABLE',
    503: 'UNAVAILABLE',
    504: 'UPSTREAM_TIMEOUT',
  };
  return known[status] ?? (status >= 500 ? 'INTERNAL' : 'REQUEST_REFUSED');
}

/** True when `value` already is `{"error":{"code","message"}}` (other fields may sit beside it). */
export function isContractError(value: unknown): value is ContractErrorBody {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/**
 * An error answer's body given the contract's shape, or `undefined` when it already has it.
 * A JSON object's own `code`/`message` are kept (better-auth's client library reads them) and
 * become `error.code`/`error.message`; anything else (HTML, plain text, nothing) is described
 * by its status.
 */
export function toContractError(
  status: number,
  text: string,
): (ContractErrorBody & Record<string, unknown>) | undefined {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isContractError(parsed)) return undefined;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: described by its status alone.
  }
  const code =
    typeof body.code === 'string' && UPPER_SNAKE.test(body.code) ? body.code : codeForStatus(status);
  const message =
    typeof body.message === 'string' && body.message
      ? body.message
      : `The request was refused: ${status} ${STATUS_CODES[status] ?? 'error'}.`;
  return { ...body, code, message, error: { code, message } };
}
