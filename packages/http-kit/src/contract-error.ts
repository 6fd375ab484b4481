import { STATUS_CODES } from 'node:http';
import { type ErrorCode, errorCodes } from '@lifeosai/errors';

/** The contract's error body. */
export interface ContractErrorBody {
  error: { code: string; message: string };
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;

/** The code an error answer gets when it names none itself, by status. */
export function codeForStatus(status: number): ErrorCode {
  const known = Object.values(errorCodes).find(
    (entry) => entry.status === status && statusCodes.has(entry.code),
  );
  return known?.code ?? (status >= 500 ? 'INTERNAL' : 'REQUEST_REFUSED');
}

/** The catalogue's generic code for each status (the catalogue has several codes per status). */
const statusCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'REQUEST_TIMEOUT',
  'CONFLICT',
  'BODY_TOO_LARGE',
  'URL_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'HEADERS_TOO_LARGE',
  'UPSTREAM_UNAVAILABLE',
  'UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
]);

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
