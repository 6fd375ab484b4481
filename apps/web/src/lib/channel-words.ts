import type { Channel, ChannelMessage, ChannelSenderPolicy, ChannelType } from '@lifeosai/api-contract';

/** The networks' names as people write them. */
export const networkNames: Record<ChannelType, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp' };

/** The sender policies, each with a sentence saying what it does. */
export const senderPolicyWords: Record<ChannelSenderPolicy, { label: string; hint: string }> = {
  pairing: {
    label: 'Pairing',
    hint: 'Someone new gets a short code and waits until you approve them here.',
  },
  allowlist: { label: 'Allowlist', hint: 'Only the senders listed below are answered; others are ignored.' },
  open: { label: 'Open', hint: 'Anyone who writes is answered (rate limits still apply).' },
};

/** A connection's name: the bot's `@username` or the linked number, else the network. */
export function channelName(channel: Pick<Channel, 'type' | 'account'>): string {
  const network = networkNames[channel.type];
  return channel.account ? `${network} ${channel.account.name}` : network;
}

/**
 * A connection's health in plain words: connected (and how it listens), connecting, waiting for
 * the phone to link, stopped, or the error the API reported. `tone` picks the badge's colour.
 */
export function channelHealth(
  channel: Pick<Channel, 'type' | 'status' | 'enabled' | 'transport' | 'lastError'>,
): {
  text: string;
  tone: 'good' | 'waiting' | 'bad' | 'off';
} {
  if (!channel.enabled || channel.status === 'stopped') {
    return { text: 'Stopped: messages are not received until you start it again.', tone: 'off' };
  }
  switch (channel.status) {
    case 'connected':
      if (channel.type === 'whatsapp')
        return { text: 'Connected: the phone is linked and the socket is open.', tone: 'good' };
      return {
        text:
          channel.transport === 'webhook'
            ? 'Connected: Telegram delivers messages to the webhook.'
            : 'Connected: receiving messages by long polling.',
        tone: 'good',
      };
    case 'connecting':
      return { text: 'Connecting…', tone: 'waiting' };
    case 'waiting_for_login':
      return {
        text: 'Waiting for login: link the phone with the QR code or a pairing code.',
        tone: 'waiting',
      };
    case 'error':
      return { text: `Not working: ${channel.lastError ?? 'the connection failed.'}`, tone: 'bad' };
    default:
      return { text: channel.status, tone: 'waiting' };
  }
}

/** A chat message's state in words, with the API's note (why it was ignored or failed). */
export function messageStatusWords(message: Pick<ChannelMessage, 'direction' | 'status' | 'note'>): {
  text: string;
  failed: boolean;
} {
  const note = message.note ? `: ${message.note}` : '';
  if (message.direction === 'in') {
    switch (message.status) {
      case 'received':
        return { text: 'Received', failed: false };
      case 'queued':
        return { text: 'Queued for the next turn', failed: false };
      case 'running':
        return { text: 'The agent is answering', failed: false };
      case 'done':
        return { text: 'Answered', failed: false };
      case 'ignored':
        return { text: `Ignored${note}`, failed: false };
      case 'failed':
        return { text: `Failed${note}`, failed: true };
    }
  } else {
    switch (message.status) {
      case 'pending':
        return { text: 'Sending…', failed: false };
      case 'sent':
        return { text: 'Sent', failed: false };
      case 'failed':
        return { text: `Not delivered${note}`, failed: true };
    }
  }
  return { text: `${message.status}${note}`, failed: false };
}

/**
 * The allowlist as typed in its box (one id per line, or separated by commas or spaces), as
 * the API takes it: trimmed, without blanks or repeats.
 */
export function parseAllowlist(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
}

const htmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

/**
 * A sent message's text as the person read it: the outbox keeps each part in the network's
 * markup, which for Telegram is HTML (`<b>`, `&lt;`); its tags are dropped and its entities
 * read back. WhatsApp's markup (`*bold*`) reads as it is.
 */
export function readableText(text: string, type: ChannelType): string {
  if (type !== 'telegram') return text;
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => htmlEntities[name] ?? '');
}
