'use client';

import { useEffect, useRef } from 'react';
import { registerShortcut, type Shortcut } from '../../lib/shortcuts.ts';
import { chatEvents, dispatchChatEvent } from '../chat/chat-events.ts';

/**
 * The agent page's shortcuts, while it is shown: New chat (Ctrl/⌘+Shift+O), search the
 * conversations (Ctrl/⌘+K), the message box (Shift+Esc anywhere, `/` when not typing), and Stop
 * (Esc outside text fields and dialogs, or in the message box). The chat acts on the last two
 * through `chatEvents`; Esc a field or dialog uses itself (a rename, a filled search box, a
 * permission dialog) never reaches it.
 */
export function useConversationShortcuts(actions: { newChat: () => void; focusSearch: () => void }): void {
  // The registrations stay put while the callbacks change with the page.
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const shortcuts: Shortcut[] = [
      {
        id: 'new-chat',
        description: 'New chat',
        keys: ['Mod', 'Shift', 'o'],
        focus: 'anywhere',
        run: () => latest.current.newChat(),
      },
      {
        id: 'search-conversations',
        description: 'Search the conversations',
        keys: ['Mod', 'k'],
        focus: 'anywhere',
        run: () => latest.current.focusSearch(),
      },
      {
        id: 'focus-message',
        description: 'Write a message (go to the message box)',
        keys: ['Shift', 'Escape'],
        alternatives: [{ keys: ['/'], focus: 'not-typing' }],
        focus: 'anywhere',
        run: () => dispatchChatEvent(chatEvents.focusComposer),
      },
      {
        id: 'stop-run',
        description: 'Stop the running reply',
        keys: ['Escape'],
        focus: 'not-typing-or-message',
        run: () => dispatchChatEvent(chatEvents.stopRun),
      },
    ];
    const removals = shortcuts.map(registerShortcut);
    return () => {
      for (const remove of removals) remove();
    };
  }, []);
}
