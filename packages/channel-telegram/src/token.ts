/** BotFather's token shape: `<bot id>:<secret>`. Anything else never reaches a URL. */
const TOKEN_SHAPE = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;

export function isBotTokenShape(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/**
 * Removes the token (and its secret half alone) from text about to be logged or thrown:
 * grammY's network errors carry the request URL, which holds the token.
 */
export function redactToken(text: string, token: string | undefined): string {
  if (!token) return text;
  const secret = token.slice(token.indexOf(':') + 1);
  let redacted = text.split(token).join('<bot token>');
  if (secret.length >= 8) redacted = redacted.split(secret).join('<bot token>');
  return redacted.replace(/\/bot\d+:[A-Za-z0-9_-]+/g, '/bot<bot token>');
}
