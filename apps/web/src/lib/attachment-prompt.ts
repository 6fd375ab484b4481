/**
 * How a message names the files attached to it: one line per file after the text, which the
 * agent reads as where to find the file, and the chat reads back to show the file in the message
 * (a chip, or a thumbnail). The prompt is the only record, so a reload shows the same message.
 */
import type { Attachment } from '@lifeosai/api-contract';

const linePattern =
  /^\[Attached file "(.+)" \((\d+) bytes, ([\w.+-]+\/[\w.+-]+)\): read it at (attachments\/[^\]\n]+?) in your workspace\]$/;

/** The prompt: what the person typed, then a line for each attachment. */
export function promptWithAttachments(text: string, attachments: readonly Attachment[]): string {
  const lines = attachments.map(
    (file) =>
      `[Attached file "${file.name.replace(/["\n\r]/g, '')}" (${file.size} bytes, ${file.contentType}): read it at ${file.path} in your workspace]`,
  );
  return [text, ...lines].filter(Boolean).join('\n');
}

/** A prompt parted back into the typed text and its attachments (lines that are not one stay text). */
export function splitAttachments(prompt: string): { text: string; attachments: Attachment[] } {
  const attachments: Attachment[] = [];
  const kept: string[] = [];
  for (const line of prompt.split('\n')) {
    const match = linePattern.exec(line);
    if (match) {
      attachments.push({ name: match[1]!, size: Number(match[2]), contentType: match[3]!, path: match[4]! });
    } else {
      kept.push(line);
    }
  }
  return { text: kept.join('\n'), attachments };
}

/** A size for people: 512 B, 12.3 KB, 1.2 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
