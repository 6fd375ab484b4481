/**
 * A request URL fit for the log: one-time tokens in auth URLs (email verification, password
 * reset, OAuth `code`/`state`) are credentials until used, so they never reach a log line.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&](?:token|code|state)=)[^&#]*/gi, '$1[REDACTED]')
    .replace(/(\/reset-password\/)[^/?#]+/, '$1[REDACTED]');
}
