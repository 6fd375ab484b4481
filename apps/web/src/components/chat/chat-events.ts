/**
 * The window events the chat and the rest of the page talk through, so neither imports the
 * other: the shell's keyboard shortcuts ask the chat to stop or focus; the chat tells the
 * conversation list that a conversation started or changed.
 */
export const chatEvents = {
  /** Asks the chat to stop the run it follows (the Stop shortcut). */
  stopRun: 'lifeosai:stop-run',
  /** Asks the chat to focus its message box. */
  focusComposer: 'lifeosai:focus-composer',
  /** Told by the chat: a conversation was started, forked or ended a run; lists should reload. */
  conversationsChanged: 'lifeosai:conversations-changed',
} as const;

/** Dispatches one of the chat's window events (no detail: listeners reload what they show). */
export function dispatchChatEvent(name: (typeof chatEvents)[keyof typeof chatEvents]): void {
  window.dispatchEvent(new CustomEvent(name));
}
