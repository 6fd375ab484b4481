/** An answer in Stripe's error shape: `{error:{type, message, code?, param?}}`. */
export class StripeApiError extends Error {
  /** HTTP status Stripe gives (400, 401, 404, 409). */
  readonly status: number;
  /** Stripe's error type (`invalid_request_error`, `idempotency_error`). */
  readonly type: string;
  /** Stripe's error code (`resource_missing`, `parameter_missing`), when Stripe gives one. */
  readonly code: string | undefined;
  /** The parameter at fault. */
  readonly param: string | undefined;

  constructor(status: number, type: string, message: string, code?: string, param?: string) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  body(): { error: Record<string, string> } {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

export const missing = (param: string) =>
  new StripeApiError(
    400,
    'invalid_request_error',
    `Missing required param: ${param}.`,
    'parameter_missing',
    param,
  );

export const noSuch = (what: string, id: string, param = 'id') =>
  new StripeApiError(404, 'invalid_request_error', `No such ${what}: '${id}'`, 'resource_missing', param);

export const invalid = (param: string, message: string) =>
  new StripeApiError(400, 'invalid_request_error', message, 'parameter_invalid_string', param);
