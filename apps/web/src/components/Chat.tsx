'use client';

import type { Session, StartRunBody } from '@lifeosai/api-contract';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type Agent, api, errorMessage, type Harness, type Run, type StartedRun } from '../lib/api.ts';
import { followRunStream } from '../lib/event-stream.ts';
import { applyEvent, type ChatItem, conversationItems, settleRun } from '../lib/events.ts';
import { CallButton } from './call/CallButton.tsx';
import { AttachButton, PendingAttachments, useAttachments } from './chat/Attachments.tsx';
import styles from './chat/Chat.module.css';
import { ChatItemView } from './chat/ChatItemView.tsx';
import { Composer } from './chat/Composer.tsx';
import { chatEvents, dispatchChatEvent } from './chat/chat-events.ts';
import { EditBanner, RunStatusLine } from './chat/chat-lines.tsx';
import { usePlainTextAnswers } from './chat/plain-text-preference.ts';
import { personNavigations } from './person-navigation.ts';
import { useMe } from './Shell.tsx';

/** The run the chat follows: its id, where it is, and its session. */
interface FollowedRun {
  id: string;
  status: Run['status'];
  sessionId: string;
}

/** What the page has on screen, so a URL it wrote itself is not loaded again. */
interface Loaded {
  sessionId: string | null;
  runId: string | null;
}

const isActive = (status: string | undefined) => status === 'queued' || status === 'running';

/**
 * The chat with one agent. The conversation is the URL's `session` (`/agents/:id?session=…`; none
 * is a new chat); `run` names a run to follow (a reload mid-run picks its stream up). Starting a
 * session or ending a run rewrites the URL to `?session=…` and tells the rest of the page
 * (`lifeosai:conversations-changed`); `lifeosai:stop-run` and `lifeosai:focus-composer` are
 * answered (the keyboard shortcuts).
 */
export function Chat() {
  const { id: agentId } = useParams<{ id: string }>();
  const search = useSearchParams();
  const router = useRouter();
  const runParam = search.get('run');
  const sessionParam = search.get('session');
  const viewerId = useMe()?.userId;
  const [agent, setAgent] = useState<Agent | null>(null);
  const [canFork, setCanFork] = useState(false);
  const [history, setHistory] = useState<ChatItem[]>([]);
  const [items, setItems] = useState<ChatItem[]>([]);
  const [followed, setFollowed] = useState<FollowedRun | null>(null);
  const [activity, setActivity] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  /** The conversation's runs, oldest first (what "edit the last message" forks before). */
  const [runIds, setRunIds] = useState<string[]>([]);
  const [stoppedHere, setStoppedHere] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [prompt, setPrompt] = useState('');
  const streamRef = useRef<AbortController | null>(null);
  const endRef = useRef<HTMLDivElement | null>(null);
  const inputRef = useRef<HTMLTextAreaElement | null>(null);
  const loadedRef = useRef<Loaded | null>(null);
  const attachments = useAttachments(agentId);
  const [plainText, setPlainText] = usePlainTextAnswers();

  useEffect(() => {
    api<Agent>(`/api/agent/agents/${agentId}`).then(setAgent, (e: unknown) => setError(errorMessage(e)));
  }, [agentId]);

  // Forking (and so an edit that replaces the last turn) only where the harness declares it.
  useEffect(() => {
    if (!agent) return;
    api<{ items: Harness[] }>('/api/agent/harnesses').then(
      ({ items }) =>
        setCanFork(items.some((harness) => harness.id === agent.adapterType && harness.capabilities.fork)),
      () => setCanFork(false),
    );
  }, [agent]);

  /**
   * The run ended: its final line, the URL on the conversation (unless the person has gone
   * elsewhere since `mark`: `person-navigation.ts`), the sidebar told.
   */
  const finished = useCallback(
    (run: Run, mark: number) => {
      setItems((current) => settleRun(current, run));
      setActivity(null);
      loadedRef.current = { sessionId: run.sessionId, runId: null };
      if (personNavigations() === mark) {
        router.replace(`/agents/${agentId}?session=${run.sessionId}`, { scroll: false });
      }
      dispatchChatEvent(chatEvents.conversationsChanged);
    },
    [agentId, router],
  );

  const follow = useCallback(
    (run: FollowedRun & { prompt?: string }) => {
      streamRef.current?.abort();
      const stream = new AbortController();
      streamRef.current = stream;
      const mark = personNavigations();
      setItems(run.prompt ? [{ kind: 'user', key: `${run.id}:prompt`, text: run.prompt }] : []);
      setFollowed({ id: run.id, status: run.status, sessionId: run.sessionId });
      setActivity(null);
      void followRunStream(`/api/agent/runs/${run.id}/stream`, {
        signal: stream.signal,
        onEvent: (event) => {
          setItems((current) => applyEvent(current, event, run.id));
          if (event.type === 'result') return;
          // The harness's status (`requesting`…) is what it does, not where the run is: the run
          // stays running (Stop stays) until the run itself ends.
          setActivity(event.type === 'status' && typeof event.status === 'string' ? event.status : null);
          setFollowed((f) => (f?.id === run.id && f.status === 'queued' ? { ...f, status: 'running' } : f));
        },
        onEnd: () => {
          api<Run>(`/api/agent/runs/${run.id}`).then(
            (ended) => {
              if (stream.signal.aborted) return;
              setFollowed((f) => (f?.id === ended.id ? { ...f, status: ended.status } : f));
              if (!isActive(ended.status)) finished(ended, mark);
            },
            (caught: unknown) => (stream.signal.aborted ? undefined : setError(errorMessage(caught))),
          );
        },
      });
    },
    [finished],
  );

  // The URL says which conversation (and which run) to show. A URL this page wrote itself (a
  // run it sent, a run that ended) matches what is on screen and loads nothing.
  useEffect(() => {
    const loaded = loadedRef.current;
    if (loaded && loaded.sessionId === sessionParam && (runParam === null || runParam === loaded.runId))
      return;
    let cancelled = false;
    streamRef.current?.abort();
    setItems([]);
    setHistory([]);
    setFollowed(null);
    setActivity(null);
    setEditing(false);
    setError(null);
    setSessionId(sessionParam);
    setRunIds([]);
    loadedRef.current = { sessionId: sessionParam, runId: runParam };
    if (!sessionParam && !runParam) return;
    (async () => {
      try {
        const named = runParam ? await api<Run>(`/api/agent/runs/${runParam}`) : null;
        const id = named?.sessionId ?? sessionParam!;
        const session = await api<Session>(`/api/agent/sessions/${id}`);
        if (cancelled) return;
        // The run to follow: the one named, else the conversation's last while it is going.
        const last = session.runs[session.runs.length - 1];
        const live = named ?? (last && isActive(last.status) ? last : null);
        loadedRef.current = { sessionId: sessionParam ?? id, runId: runParam };
        setSessionId(id);
        setRunIds(session.runs.map((run) => run.id));
        setHistory(conversationItems(session.runs, live?.id));
        if (live) follow({ id: live.id, status: live.status, sessionId: id, prompt: live.prompt });
      } catch (caught) {
        if (!cancelled) setError(errorMessage(caught));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [runParam, sessionParam, follow]);

  useEffect(() => () => streamRef.current?.abort(), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the transcript grows
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [items.length, history.length]);

  const running = isActive(followed?.status);
  const awaitingDecision = items.some(
    (item) => item.kind === 'permission' && !item.resolution && !item.closed,
  );
  const lastRunId = runIds[runIds.length - 1];
  const all = [...history, ...items];
  const lastPrompt = [...all].reverse().find((item) => item.kind === 'user');

  async function send() {
    const typed = prompt.trim();
    if ((!typed && attachments.ready.length === 0) || running || attachments.uploading) return;
    const text = attachments.promptWith(typed);
    setError(null);
    const mark = personNavigations();
    try {
      // Editing the last message replaces its turn where the harness can fork: the new turn
      // runs in a fork made before it (the first turn's edit simply starts a new conversation).
      let target = sessionId;
      let base = all;
      if (editing && lastRunId && canFork) {
        const before = runIds[runIds.length - 2];
        target = before
          ? (await api<Session>(`/api/agent/sessions/${sessionId}/fork`, { body: { atRunId: before } })).id
          : null;
        base = all.filter((item) => !item.key.startsWith(`${lastRunId}:`));
      }
      const body: StartRunBody = target ? { prompt: text, sessionId: target } : { prompt: text };
      const run = await api<StartedRun>(`/api/agent/agents/${agentId}/runs`, { body });
      setPrompt('');
      attachments.clear();
      setEditing(false);
      setHistory(base);
      setRunIds((ids) => [...(target === sessionId ? ids : ids.filter((id) => id !== lastRunId)), run.id]);
      setSessionId(run.sessionId);
      loadedRef.current = { sessionId: run.sessionId, runId: run.id };
      follow({ id: run.id, status: run.status, sessionId: run.sessionId, prompt: text });
      if (personNavigations() === mark) {
        router.replace(`/agents/${agentId}?run=${run.id}&session=${run.sessionId}`, { scroll: false });
      }
      if (run.sessionId !== sessionId) dispatchChatEvent(chatEvents.conversationsChanged);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const fork = useCallback(
    async (atRunId: string) => {
      if (!sessionId) return;
      setError(null);
      try {
        const forked = await api<Session>(`/api/agent/sessions/${sessionId}/fork`, { body: { atRunId } });
        router.push(`/agents/${agentId}?session=${forked.id}`, { scroll: false });
        dispatchChatEvent(chatEvents.conversationsChanged);
      } catch (caught) {
        setError(errorMessage(caught));
      }
    },
    [agentId, router, sessionId],
  );

  const stop = useCallback(async () => {
    if (!followed || !isActive(followed.status)) return;
    setStoppedHere((ids) => new Set(ids).add(followed.id));
    try {
      await api(`/api/agent/runs/${followed.id}/cancel`, { method: 'POST', body: {} });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [followed]);

  // The keyboard shortcuts (dispatched by the shell): stop the followed run, focus the box.
  useEffect(() => {
    const onStop = () => void stop();
    const onFocus = () => inputRef.current?.focus();
    window.addEventListener(chatEvents.stopRun, onStop);
    window.addEventListener(chatEvents.focusComposer, onFocus);
    return () => {
      window.removeEventListener(chatEvents.stopRun, onStop);
      window.removeEventListener(chatEvents.focusComposer, onFocus);
    };
  }, [stop]);

  function startEdit() {
    if (lastPrompt?.kind !== 'user') return;
    setPrompt(lastPrompt.text);
    setEditing(true);
    inputRef.current?.focus();
  }

  return (
    // Files dropped anywhere on the chat are attached.
    <section
      className="chat"
      aria-label="Chat"
      onDragOver={attachments.onDragOver}
      onDrop={attachments.onDrop}
    >
      <div className={styles.header}>
        <h2 data-testid="agent-name">{agent ? agent.name : '\u00a0'}</h2>
        <span className="muted small">{agent ? agent.adapterType : ''}</span>
        <label className={`choice small muted ${styles.plainToggle}`}>
          <input
            type="checkbox"
            checked={plainText}
            onChange={(event) => setPlainText(event.target.checked)}
          />{' '}
          Answers as plain text
        </label>
        <CallButton agentId={agentId} sessionId={sessionId} />
      </div>
      <section className="transcript" aria-label="Conversation">
        {all.length === 0 ? <p className="muted">Say something to start a conversation.</p> : null}
        {all.map((item) => (
          <ChatItemView
            key={item.key}
            item={item}
            onFork={canFork && !running ? fork : undefined}
            stoppedByYou={item.kind === 'result' && stoppedHere.has(item.runId)}
            plainText={plainText}
            viewerId={viewerId}
          />
        ))}
        {running && !awaitingDecision && !items.some((i) => i.kind === 'text' && i.streaming) ? (
          <div className="msg assistant pending" aria-hidden="true">
            …
          </div>
        ) : null}
        {!running && !editing && lastPrompt && lastRunId && lastPrompt.key === `${lastRunId}:prompt` ? (
          <button
            type="button"
            className={`${styles.forkAction} ${styles.messageActions}`}
            onClick={startEdit}
          >
            Edit last message
          </button>
        ) : null}
        <div ref={endRef} className={styles.end} />
      </section>
      <RunStatusLine
        run={followed}
        activity={running ? activity : null}
        awaitingDecision={running && awaitingDecision}
      />
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <Composer
        value={prompt}
        onChange={setPrompt}
        onSubmit={send}
        running={running}
        onStop={stop}
        canSend={(prompt.trim() !== '' || attachments.ready.length > 0) && !attachments.uploading}
        inputRef={inputRef}
        onPaste={attachments.onPaste}
        tools={<AttachButton state={attachments} />}
        above={
          <>
            {editing ? (
              <EditBanner
                replaces={canFork}
                onCancel={() => {
                  setEditing(false);
                  setPrompt('');
                }}
              />
            ) : null}
            <PendingAttachments state={attachments} />
          </>
        }
      />
    </section>
  );
}
