/**
 * One error type for failures a caller can act on. It carries an UPPER_SNAKE `code`
 * (shared with clients), the HTTP status it maps to at the edge, and a message that says
 * what happened and what to do. Programmer mistakes stay plain `Error`s.
 */
export class PlatformError extends Error {
  /** UPPER_SNAKE code clients can switch on, e.g. `FILE_TOO_LARGE`. */
  readonly code: string;
  /** HTTP status this error becomes at the edge (4xx for caller mistakes). */
  readonly status: number;

  constructor(code: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlatformError';
    this.code = code;
    this.status = options.status ?? 500;
  }

  /** The contract's error body: `{"error":{"code","message"}}`. */
  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function isPlatformError(value: unknown): value is PlatformError {
  return value instanceof PlatformError;
}
