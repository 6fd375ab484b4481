/**
 * Keys whose values are censored wherever they appear up to three levels deep (so `password`,
 * `req.headers.authorization` and `options.auth.token` all count). This is a net for credentials
 * nobody registered with the redactor; the redactor, which masks known values anywhere in a line,
 * remains the guarantee.
 */
const SENSITIVE_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  // The platform's service-to-service credential (packages/http-kit, SERVICE_TOKEN_HEADER).
  'x-lifeosai-service-token',
  'api-key',
  'apiKey',
  'api_key',
  'password',
  'passwd',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'secret',
  'clientSecret',
  'client_secret',
  'privateKey',
  'private_key',
];

// pino's redaction has no "any depth" wildcard: each `*.` prefix covers one more level.
const DEPTHS = ['', '*.', '*.*.', '*.*.*.'];

/** pino `redact.paths` for `SENSITIVE_KEYS` at every covered depth. */
export const SENSITIVE_PATHS: string[] = DEPTHS.flatMap((prefix) =>
  SENSITIVE_KEYS.map((key) => `${prefix}${/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`}`),
);
