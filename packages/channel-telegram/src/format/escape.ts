/** Escapes text for Telegram HTML: `&`, `<`, `>` (and `"` for attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

const MAX_URL = 2048;

/**
 * A link target Telegram may open: http, https or mailto only (a `javascript:` or `tg:` link
 * becomes plain text), normalised by the URL parser, bounded so one tag always fits a part.
 */
export function safeHref(destination: string): string | undefined {
  let url: URL;
  try {
    url = new URL(destination.trim());
  } catch {
    return undefined;
  }
  if (!['http:', 'https:', 'mailto:'].includes(url.protocol) || url.href.length > MAX_URL) return undefined;
  return url.href;
}
