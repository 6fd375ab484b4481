import type { RunTrigger } from '@lifeosai/api-contract';

/**
 * Who started a run (or a conversation's first run), in words: `you` for the viewer's own runs
 * from the web app, the person's name for someone else's, and how for the rest ("API key",
 * "Heartbeat", the channel's sender, the caller's number). `viewerId` is `GET /api/me`'s `userId`.
 */
export function startedByLabel(trigger: RunTrigger, viewerId: string | undefined): string {
  const who = trigger.byName || trigger.by;
  switch (trigger.kind) {
    case 'user':
      if (viewerId && trigger.by === viewerId) return 'you';
      return who ?? 'someone in your organization';
    case 'api':
      if (viewerId && trigger.by === viewerId) return 'API key (yours)';
      return who ? `API key (${who})` : 'API key';
    case 'heartbeat':
      return 'Heartbeat';
    case 'channel': {
      const network = trigger.by ? channelNetworkOf(trigger.by) : 'Channel';
      return who ? `${network}: ${who}` : network;
    }
    case 'phone':
      return who ? `Phone: ${who}` : 'Phone';
  }
}

/**
 * The network a channel sender's id belongs to, by the forms the contract gives them
 * (`channelSenderIdSchema`): a Telegram user id is a number; a WhatsApp sender is an E.164
 * number (`+33…`) or, when WhatsApp hides it, an `…@lid` id. Anything else is just "Channel".
 */
export function channelNetworkOf(senderId: string): 'Telegram' | 'WhatsApp' | 'Channel' {
  if (/^-?\d+$/.test(senderId)) return 'Telegram';
  if (/^\+\d+$/.test(senderId) || senderId.endsWith('@lid')) return 'WhatsApp';
  return 'Channel';
}

/** True when the viewer started it from the web app: lists name only the others. */
export function startedByViewer(trigger: RunTrigger, viewerId: string | undefined): boolean {
  return trigger.kind === 'user' && viewerId !== undefined && trigger.by === viewerId;
}
