import { channelPromptMessages } from '@lifeosai/api-contract/channel-prompt';

/** Longest derived title; a longer first line is cut at the last word that fits. */
const maxTitle = 80;
/** Cut at a word only when that keeps at least this much; otherwise cut mid-word. */
const minCutAtWord = 60;

/**
 * A conversation's title when nobody gave it one: the start of its first message, on one line
 * (its first non-empty line), at most 80 characters, cut at a word with an ellipsis. Null for a
 * conversation without a message yet. A channel's first turn is titled by what the sender wrote,
 * not by the instructions fencing it.
 */
export function deriveTitle(firstMessage: string | null | undefined): string | null {
  const fenced = firstMessage ? channelPromptMessages(firstMessage) : null;
  const line = (fenced ? fenced.map((message) => message.text).join('\n') : firstMessage)
    ?.split('\n')
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .find((part) => part.length > 0);
  if (!line) return null;
  if (line.length <= maxTitle) return line;
  const room = line.slice(0, maxTitle - 1);
  const space = room.lastIndexOf(' ');
  return `${(space >= minCutAtWord ? room.slice(0, space) : room).trimEnd()}…`;
}
