/**
 * How a channel turn's prompt fences each message it carries (the Agent API writes it, the web
 * app and the conversation titles read it back): a channel is the open internet, so each
 * sender's text sits between markers the agent is told to treat as untrusted. No zod here: the
 * web app imports this file as it is (`@lifeosai/api-contract/channel-prompt`).
 */

/** The marker before a message from `who` (the sender's name and id). */
export function channelMessageStart(who: string): string {
  return `<<<message from ${who}>>>`;
}

/** The marker after a message. */
export const channelMessageEnd = '<<<end of message>>>';

const startPattern = /^<<<message from (.*)>>>$/;

/** One message read back from a channel prompt: who sent it (as the marker names them) and its text. */
export interface ChannelPromptMessage {
  /** The sender as the marker names them: `Linus (2002)`. */
  from: string;
  text: string;
}

/**
 * The messages of a channel turn's prompt, in order, without the instructions around them; null
 * when the prompt carries none (it is not a channel prompt).
 */
export function channelPromptMessages(prompt: string): ChannelPromptMessage[] | null {
  const messages: ChannelPromptMessage[] = [];
  let current: { from: string; lines: string[] } | null = null;
  for (const line of prompt.split('\n')) {
    const start: RegExpExecArray | null = current ? null : startPattern.exec(line);
    if (start) current = { from: start[1]!, lines: [] };
    else if (current && line === channelMessageEnd) {
      messages.push({ from: current.from, text: current.lines.join('\n') });
      current = null;
    } else current?.lines.push(line);
  }
  return messages.length > 0 ? messages : null;
}
