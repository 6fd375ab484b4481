/**
 * What the agent page's address says about the conversation shown. The URL is the source of
 * truth, shared with the chat:
 * - `?session=<id>`: that conversation;
 * - `?run=<id>`: the conversation of that run (links from the runs pages);
 * - `?new=<token>`: a blank new chat, on purpose. The chat reads no `session` and shows a blank
 *   chat (it treats a missing or unknown `session` as new); the marker only tells this layout not
 *   to open the latest conversation. `session` stays absent so the chat needs no special value.
 *   The token changes with every "New chat", so a second one while the first is still blank
 *   starts afresh too. When the chat starts the conversation it replaces the address with
 *   `?session=<id>`, and the marker goes away;
 * - none of these: where the person left off — the layout opens the latest conversation (the
 *   first of the list), or stays blank when there is none.
 */
export interface ConversationAddress {
  /** The `session` parameter; null when absent. */
  sessionId: string | null;
  /** The `run` parameter; null when absent. */
  runId: string | null;
  /** The `new` marker's token; null when absent. */
  newChat: string | null;
}

/** Reads the agent page's search parameters. */
export function readConversationAddress(search: { get(name: string): string | null }): ConversationAddress {
  return {
    sessionId: search.get('session') || null,
    runId: search.get('run') || null,
    newChat: search.get('new') || null,
  };
}

/** True when the address names nothing: the layout resumes the latest conversation. */
export function shouldResume(address: ConversationAddress): boolean {
  return !address.sessionId && !address.runId && !address.newChat;
}

/** The address of one conversation of the agent. */
export function conversationHref(agentId: string, sessionId: string): string {
  return `/agents/${encodeURIComponent(agentId)}?session=${encodeURIComponent(sessionId)}`;
}

/** The address of a blank new chat with the agent; `token` makes each one a new address. */
export function newChatHref(agentId: string, token: string): string {
  return `/agents/${encodeURIComponent(agentId)}?new=${encodeURIComponent(token)}`;
}
