import type { PushMessage } from '@lifeosai/api-contract';
import type { Run, RunStatus } from '@lifeosai/db';

/** Notifications stay short: a summary and a link, never a transcript, a tool's input or a secret. */
function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Where a run's conversation opens in the web app. */
function conversationUrl(run: Pick<Run, 'agentId' | 'sessionId'>): string {
  return `/agents/${encodeURIComponent(run.agentId)}?session=${encodeURIComponent(run.sessionId)}`;
}

/** A run asks before a tool: which agent, which tool — the tool's input stays in the chat. */
export function permissionMessage(run: Run, agentName: string, toolName: string): PushMessage {
  return {
    kind: 'permission_request',
    title: clip(`${agentName} asks to use ${toolName}`, 80),
    body: 'Open the conversation to allow or deny it.',
    url: conversationUrl(run),
    tag: `permission-${run.id}`,
  };
}

const endings: Record<Exclude<RunStatus, 'queued' | 'running'>, string> = {
  succeeded: 'finished',
  failed: 'failed',
  cancelled: 'was stopped',
  timed_out: 'ran out of time',
};

/** A run ended: how, in a word; the answer itself stays in the conversation. */
export function finishedMessage(run: Run, agentName: string, status: RunStatus): PushMessage {
  const ending = status === 'queued' || status === 'running' ? 'finished' : endings[status];
  return {
    kind: 'run_finished',
    title: clip(`${agentName} ${ending}`, 80),
    body:
      status === 'succeeded'
        ? 'Open the conversation to read the answer.'
        : 'Open the conversation to see why.',
    url: conversationUrl(run),
    tag: `finished-${run.id}`,
  };
}

/** What a channel tells the sender about a sender waiting for approval. */
export interface SenderApproval {
  orgId: string;
  agentId: string;
  /** The agent's name, as its owners know it. */
  agentName: string;
  /** The network, e.g. `Telegram`. */
  network: string;
  /** The sender's display name on the network (clipped). */
  senderName: string;
  /** The app's page where the owner approves or denies (a path, e.g. the channel's pairings). */
  url: string;
  /** Unique per waiting sender: a repeat replaces the earlier notification. */
  tag: string;
}

/** A channel sender waits for approval. */
export function senderApprovalMessage(approval: SenderApproval): PushMessage {
  return {
    kind: 'sender_approval',
    title: clip(`${approval.senderName} waits for approval`, 80),
    body: clip(
      `A new ${approval.network} sender wants to talk to ${approval.agentName}. Approve or deny.`,
      160,
    ),
    url: approval.url.startsWith('/') ? approval.url : `/agents/${encodeURIComponent(approval.agentId)}`,
    tag: clip(`approval-${approval.tag}`, 64),
  };
}
