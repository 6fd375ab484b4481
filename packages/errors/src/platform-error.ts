import { type ErrorCode, errorCodes } from './catalogue.ts';

/**
 * One error type for failures a caller can act on. It carries an UPPER_SNAKE `code` from the
 * catalogue (shared with clients), the HTTP status it maps to at the edge, and a message that
 * says what happened and what to do. Programmer mistakes stay plain `Error`s.
 */
export class PlatformError extends Error {
  /** UPPER_SNAKE code clients can switch on, e.g. `FILE_TOO_LARGE`: a catalogue code, or one relayed. */
  readonly code: ErrorCode | (string & {});
  /** HTTP status this error becomes at the edge (4xx for caller mistakes). */
  readonly status: number;

  /**
   * `message` defaults to the catalogue's; pass one when there are specifics to say. `status`
   * defaults to the catalogue's and is given only where one code answers differently by
   * context (a framework's own 4xx, a relayed status).
   */
  constructor(code: ErrorCode, message?: string, options: { status?: number; cause?: unknown } = {}) {
    // Undefined only for a relayed code (see `relayed`).
    const entry = errorCodes[code] as (typeof errorCodes)[ErrorCode] | undefined;
    super(
      message ?? entry?.message ?? code,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'PlatformError';
    this.code = code;
    this.status = options.status ?? entry?.status ?? 500;
  }

  /**
   * An error another system defined (a better-auth code from the auth service, a framework's
   * own code), passed on unchanged: the catalogue does not list those.
   */
  static relayed(code: string, message: string, status: number): PlatformError {
    return new PlatformError(code as ErrorCode, message, { status });
  }

  /** The contract's error body: `{"error":{"code","message"}}`. */
  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** True for a `PlatformError`, and when `code` is given, one with that catalogue code. */
export function isPlatformError(value: unknown, code?: ErrorCode): value is PlatformError {
  return value instanceof PlatformError && (code === undefined || value.code === code);
}

/** The one 404 for unknown and foreign resources alike: never reveal another organization's data. */
export function notFound(kind: string, id: string): PlatformError {
  return new PlatformError('NOT_FOUND', `No ${kind} ${id} in this organization.`);
}
