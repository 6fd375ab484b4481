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
    case 'channel':
      return who ? `Channel: ${who}` : 'Channel';
    case 'phone':
      return who ? `Phone: ${who}` : 'Phone';
  }
}

/** True when the viewer started it from the web app: lists name only the others. */
export function startedByViewer(trigger: RunTrigger, viewerId: string | undefined): boolean {
  return trigger.kind === 'user' && viewerId !== undefined && trigger.by === viewerId;
}
