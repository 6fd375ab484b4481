'use client';

import type { Run, SessionPage } from '@lifeosai/api-contract';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { Fragment, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { notePersonNavigation, personNavigations } from '../person-navigation.ts';
import { useMe } from '../Shell.tsx';
import { useModalDialog } from '../use-modal-dialog.ts';
import { ConversationList, searchDelayMs, useDebounced } from './ConversationList.tsx';
import styles from './Conversations.module.css';
import { conversationHref, newChatHref, readConversationAddress, shouldResume } from './conversation-url.ts';
import { useConversationShortcuts } from './use-conversation-shortcuts.ts';
import { useConversations } from './use-conversations.ts';
import { useMediaQuery } from './use-media-query.ts';

/** The `new` token of the blank chat shown when there was no conversation to resume. */
const firstChat = 'first';

/** Below this width the list is a drawer opened with a button. */
const phoneQuery = '(max-width: 760px)';

/**
 * The agent page: the list of the agent's conversations beside the chat (`children`) — a left
 * column on a desktop, a drawer on a phone — with New chat, search, rename, and the keyboard
 * shortcuts of the page. Opened without a conversation in the address, it opens the latest one
 * (see `conversation-url.ts` for what the address says).
 */
export function ConversationLayout({ children }: { children: ReactNode }) {
  const { id: agentId } = useParams<{ id: string }>();
  const search = useSearchParams();
  const router = useRouter();
  const me = useMe();
  const address = readConversationAddress(search);
  const phone = useMediaQuery(phoneQuery);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), searchDelayMs);
  const conversations = useConversations(agentId, debounced);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const [resumeError, setResumeError] = useState<string | null>(null);
  // A bare address waits for the latest conversation before the chat is shown (no blank flash).
  const resuming = shouldResume(address) && resumeError === null;
  // The chat starts afresh (remounts) on each New chat, whatever it kept in its own state; it
  // is not remounted when it replaces `?new=` with the `?session=` it started, nor when a bare
  // address with no conversation to resume becomes `?new=first`.
  const [chatKey, setChatKey] = useState(address.newChat ?? firstChat);
  useEffect(() => {
    if (address.newChat) setChatKey(address.newChat);
  }, [address.newChat]);

  // Where the person goes while the latest conversation loads wins over the resume (a link they
  // followed, New chat): see `person-navigation.ts`.
  useEffect(() => {
    if (!resuming) return;
    let cancelled = false;
    const mark = personNavigations();
    api<SessionPage>(`/api/agent/agents/${encodeURIComponent(agentId)}/sessions?limit=1`).then(
      (page) => {
        if (cancelled || personNavigations() !== mark) return;
        const latest = page.items[0];
        router.replace(latest ? conversationHref(agentId, latest.id) : newChatHref(agentId, firstChat), {
          scroll: false,
        });
      },
      (caught: unknown) =>
        cancelled
          ? undefined
          : setResumeError(`Your latest conversation could not be opened: ${errorMessage(caught)}`),
    );
    return () => {
      cancelled = true;
    };
  }, [resuming, agentId, router]);

  // A run's address (from the runs pages) highlights that run's conversation.
  const [runSession, setRunSession] = useState<{ runId: string; sessionId: string } | null>(null);
  useEffect(() => {
    const runId = address.runId;
    if (!runId || address.sessionId) return;
    let cancelled = false;
    api<Run>(`/api/agent/runs/${encodeURIComponent(runId)}`).then(
      (run) => (cancelled ? undefined : setRunSession({ runId, sessionId: run.sessionId })),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [address.runId, address.sessionId]);
  const currentId =
    address.sessionId ?? (runSession && runSession.runId === address.runId ? runSession.sessionId : null);

  // A conversation just started (or opened by its address) that the list does not show yet:
  // the list loads again, once for it (the chat also says so with `lifeosai:conversations-changed`).
  const reloadedFor = useRef<string | null>(null);
  const { items, loading, reload } = conversations;
  useEffect(() => {
    if (!currentId || loading || debounced || reloadedFor.current === currentId) return;
    if (items.some((item) => item.id === currentId)) return;
    reloadedFor.current = currentId;
    reload();
  }, [currentId, loading, debounced, items, reload]);

  const newChat = useCallback(() => {
    notePersonNavigation();
    setDrawerOpen(false);
    router.push(newChatHref(agentId, Date.now().toString(36)), { scroll: false });
  }, [agentId, router]);

  const focusSearch = useCallback(() => {
    if (phone) setDrawerOpen(true);
    // After the drawer (on a phone) has opened.
    requestAnimationFrame(() => {
      searchRef.current?.focus();
      searchRef.current?.select();
    });
  }, [phone]);

  useConversationShortcuts({ newChat, focusSearch });
  const drawer = useModalDialog(drawerOpen);

  const list = (
    <>
      <button type="button" className={styles.newChat} onClick={newChat}>
        New chat
      </button>
      <ConversationList
        agentId={agentId}
        conversations={conversations}
        search={query}
        onSearch={setQuery}
        searchRef={searchRef}
        currentId={currentId}
        viewerId={me?.userId}
        onOpen={() => setDrawerOpen(false)}
      />
    </>
  );

  return (
    <div className={styles.layout}>
      {phone ? (
        <>
          <div className={styles.phoneBar}>
            <button
              type="button"
              className="secondary"
              aria-haspopup="dialog"
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
            >
              Conversations
            </button>
            <button type="button" onClick={newChat}>
              New chat
            </button>
          </div>
          <dialog
            ref={drawer}
            className={styles.drawer}
            aria-label="Conversations"
            onClose={() => setDrawerOpen(false)}
          >
            <div className={styles.drawerHead}>
              <strong>Conversations</strong>
              <button type="button" className="secondary" onClick={() => setDrawerOpen(false)}>
                Close
              </button>
            </div>
            {drawerOpen ? list : null}
          </dialog>
        </>
      ) : (
        <nav className={styles.sidebar} aria-label="Conversations of this agent">
          {list}
        </nav>
      )}
      <div className={styles.main}>
        {resumeError ? (
          <p role="alert" className="error">
            {resumeError}
          </p>
        ) : null}
        {resuming ? (
          <p className="muted" role="status">
            Opening your latest conversation…
          </p>
        ) : (
          <Fragment key={chatKey}>{children}</Fragment>
        )}
      </div>
    </div>
  );
}
