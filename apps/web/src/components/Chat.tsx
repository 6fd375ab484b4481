'use client';

import type { Session, StartRunBody } from '@lifeosai/api-contract';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  type Agent,
  api,
  errorMessage,
  formatCost,
  type Harness,
  type Run,
  type StartedRun,
} from '../lib/api.ts';
import { followRunStream } from '../lib/event-stream.ts';
import { applyEvent, type ChatItem, conversationItems } from '../lib/events.ts';
import styles from './chat/Chat.module.css';
import { PermissionCard } from './chat/PermissionCard.tsx';

/** The run the chat follows: one it sent (with the prompt typed) or one read back. */
type FollowedRun = Pick<StartedRun, 'id' | 'status'> & { prompt?: string };

/**
 * One transcript item. `onFork`, when given, puts "Fork from here" on each finished turn's
 * result line (only for harnesses that can fork).
 */
function ChatItemView({ item, onFork }: { item: ChatItem; onFork?: (runId: string) => void }) {
  switch (item.kind) {
    case 'user':
      return <div className="msg user">{item.text}</div>;
    case 'text':
      return (
        <div className="msg assistant" data-streaming={item.streaming ? 'true' : 'false'}>
          {item.text}
        </div>
      );
    case 'tool':
      return (
        <details className="step">
          <summary>
            Tool: <code>{item.name}</code>{' '}
            <span className="muted small">
              {item.result === undefined
                ? `running…${item.elapsedSeconds === undefined ? '' : ` ${Math.round(item.elapsedSeconds)} s`}`
                : item.isError
                  ? 'error'
                  : 'done'}
            </span>
          </summary>
          <pre>{JSON.stringify(item.input, null, 2)}</pre>
          {item.result !== undefined ? <pre className="tool-result">{item.result}</pre> : null}
        </details>
      );
    case 'permission':
      return <PermissionCard item={item} />;
    case 'event':
      return (
        <details className={styles.eventRow} data-event-type={item.event.type}>
          <summary>
            <span className="muted">Event</span> <code>{item.label}</code>
          </summary>
          <pre>{JSON.stringify(item.event, null, 2)}</pre>
        </details>
      );
    case 'error':
      return (
        <p className="error" role="alert">
          {item.message}
        </p>
      );
    case 'result':
      return (
        <p className="result-line small muted">
          {item.subtype === 'success' ? 'Done' : `Ended: ${item.subtype}`} · {item.tokens} tokens ·{' '}
          {formatCost(item.costUsd)}
          {onFork ? (
            <>
              {' · '}
              <button type="button" className={styles.forkAction} onClick={() => onFork(item.runId)}>
                Fork from here
              </button>
            </>
          ) : null}
        </p>
      );
  }
}

export function Chat() {
  const { id: agentId } = useParams<{ id: string }>();
  const search = useSearchParams();
  const router = useRouter();
  const runId = search.get('run');
  const sessionParam = search.get('session');
  const [agent, setAgent] = useState<Agent | null>(null);
  const [canFork, setCanFork] = useState(false);
  const [history, setHistory] = useState<ChatItem[]>([]);
  const [items, setItems] = useState<ChatItem[]>([]);
  const [status, setStatus] = useState<string>('idle');
  const [sessionId, setSessionId] = useState<string | null>(search.get('session'));
  const [error, setError] = useState<string | null>(null);
  const [prompt, setPrompt] = useState('');
  const streamRef = useRef<AbortController | null>(null);
  const endRef = useRef<HTMLDivElement | null>(null);
  const sentRef = useRef<FollowedRun | null>(null);

  useEffect(() => {
    api<Agent>(`/api/agent/agents/${agentId}`).then(setAgent, (e: unknown) => setError(errorMessage(e)));
  }, [agentId]);

  // "Fork from here" only where the agent's harness declares it can fork.
  useEffect(() => {
    if (!agent) return;
    api<{ items: Harness[] }>('/api/agent/harnesses').then(
      ({ items }) =>
        setCanFork(items.some((harness) => harness.id === agent.adapterType && harness.capabilities.fork)),
      () => setCanFork(false),
    );
  }, [agent]);

  const follow = useCallback((run: FollowedRun) => {
    streamRef.current?.abort();
    const key = run.id;
    setItems(run.prompt ? [{ kind: 'user', key: `${key}:prompt`, text: run.prompt }] : []);
    setStatus(run.status);
    const stream = new AbortController();
    streamRef.current = stream;
    void followRunStream(`/api/agent/runs/${run.id}/stream`, {
      signal: stream.signal,
      onEvent: (event) => {
        setItems((current) => applyEvent(current, event, key));
        if (event.type === 'status' && typeof event.status === 'string') setStatus(event.status);
        else if (event.type !== 'result') setStatus((s) => (s === 'queued' ? 'running' : s));
      },
      onEnd: (error) => {
        api<Run>(`/api/agent/runs/${run.id}`).then(
          (r) => setStatus(r.status),
          () => (error ? undefined : setStatus('finished')),
        );
      },
    });
  }, []);

  // The run id lives in the URL: a reload replays the session and picks the stream up. A run
  // sent from this page keeps the transcript already on screen (permission cards included).
  useEffect(() => {
    if (!runId) return;
    const sent = sentRef.current;
    if (sent?.id === runId) {
      follow(sent);
      return () => streamRef.current?.abort();
    }
    let cancelled = false;
    (async () => {
      try {
        const run = await api<Run>(`/api/agent/runs/${runId}`);
        if (cancelled) return;
        setSessionId(run.sessionId);
        const session = await api<Session>(`/api/agent/sessions/${run.sessionId}`).catch(() => null);
        if (cancelled) return;
        setHistory(conversationItems(session?.runs ?? [], run.id));
        follow(run);
      } catch (caught) {
        setError(errorMessage(caught));
      }
    })();
    return () => {
      cancelled = true;
      streamRef.current?.abort();
    };
  }, [runId, follow]);

  // A session opened without a run (a fork just made): its conversation so far, nothing live.
  useEffect(() => {
    if (runId || !sessionParam) return;
    let cancelled = false;
    streamRef.current?.abort();
    setSessionId(sessionParam);
    setItems([]);
    setStatus('idle');
    api<Session>(`/api/agent/sessions/${sessionParam}`).then(
      (session) => (cancelled ? undefined : setHistory(conversationItems(session.runs))),
      (caught: unknown) => (cancelled ? undefined : setError(errorMessage(caught))),
    );
    return () => {
      cancelled = true;
    };
  }, [runId, sessionParam]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the transcript grows
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [items.length, history.length]);

  const running = status === 'queued' || status === 'running';
  const awaitingDecision = items.some(
    (item) => item.kind === 'permission' && !item.resolution && !item.closed,
  );

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = prompt.trim();
    if (!text || running) return;
    setError(null);
    try {
      const body: StartRunBody = sessionId ? { prompt: text, sessionId } : { prompt: text };
      const run = await api<StartedRun>(`/api/agent/agents/${agentId}/runs`, { body });
      sentRef.current = { ...run, prompt: text };
      setPrompt('');
      setHistory((h) => [...h, ...items]);
      setItems([{ kind: 'user', key: `${run.id}:prompt`, text }]);
      setStatus('queued');
      setSessionId(run.sessionId);
      router.replace(`/agents/${agentId}?run=${run.id}`, { scroll: false });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function fork(atRunId: string) {
    if (!sessionId) return;
    setError(null);
    try {
      const forked = await api<Session>(`/api/agent/sessions/${sessionId}/fork`, { body: { atRunId } });
      sentRef.current = null;
      router.push(`/agents/${agentId}?session=${forked.id}`, { scroll: false });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function stop() {
    if (!runId) return;
    try {
      await api(`/api/agent/runs/${runId}/cancel`, { method: 'POST', body: {} });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const all = [...history, ...items];
  return (
    <div className="chat">
      <p className="muted small">
        {agent ? `${agent.name} · ${agent.adapterType}` : '\u00a0'}
        {sessionId ? ` · session ${sessionId}` : ''}
      </p>
      <section className="transcript" aria-label="Conversation">
        {all.length === 0 ? <p className="muted">Say something to start a conversation.</p> : null}
        {all.map((item) => (
          <ChatItemView key={item.key} item={item} {...(canFork && !running && { onFork: fork })} />
        ))}
        {running && !awaitingDecision && !items.some((i) => i.kind === 'text' && i.streaming) ? (
          <div className="msg assistant pending" aria-hidden="true">
            …
          </div>
        ) : null}
        <div ref={endRef} className={styles.end} />
      </section>
      <p className="status-line small" data-testid="run-status" aria-live="polite">
        {runId ? (
          <>
            Run <code>{runId}</code>: <strong>{status}</strong>
            {running && awaitingDecision ? ' · waiting for your decision' : null}
          </>
        ) : (
          '\u00a0'
        )}
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <form className="composer" onSubmit={send}>
        <label htmlFor="prompt" className="sr-only">
          Message
        </label>
        <textarea
          id="prompt"
          rows={2}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          placeholder="Message the agent (Enter to send, Shift+Enter for a new line)"
        />
        {running ? (
          <button type="button" className="danger" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={!prompt.trim()}>
            Send
          </button>
        )}
      </form>
    </div>
  );
}
