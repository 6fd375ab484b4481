import { markdownToWhatsApp } from './markdown.ts';
import { splitMessage } from './split.ts';

/** The agent's markdown as WhatsApp parts of at most `limit` units; none for blank text. */
export function formatForWhatsApp(markdown: string, limit: number): string[] {
  const text = markdownToWhatsApp(markdown);
  return text.trim() ? splitMessage(text, limit) : [];
}
