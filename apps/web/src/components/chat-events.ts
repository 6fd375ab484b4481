/**
 * `window` events between the chat and the page around it (the conversation list, the keyboard
 * shortcuts). Plain `CustomEvent`s without detail: each side listens for what it acts on.
 */
export const chatEvents = {
  /** Dispatched by the shortcuts; the chat stops the run it shows, if one is queued or running. */
  stopRun: 'lifeosai:stop-run',
  /** Dispatched by the shortcuts; the chat puts the focus in its message box. */
  focusComposer: 'lifeosai:focus-composer',
  /** Dispatched by the chat when it starts a conversation or a run ends; the list reloads. */
  conversationsChanged: 'lifeosai:conversations-changed',
} as const;

/** Dispatches one of `chatEvents` on `window`. */
export function dispatchChatEvent(name: (typeof chatEvents)[keyof typeof chatEvents]): void {
  window.dispatchEvent(new CustomEvent(name));
}
