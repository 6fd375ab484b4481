import { renderBlocks } from './blocks.ts';
import { splitHtml } from './split.ts';

/** Telegram's limit for one message's text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * The agent's markdown → Telegram HTML parts, each at most `limit` characters of HTML with its
 * tags balanced (the driver's `format`). Empty or blank markdown → no parts.
 */
export function formatTelegramHtml(markdown: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const html = renderBlocks(markdown).join('\n\n');
  return html === '' ? [] : splitHtml(html, limit);
}
