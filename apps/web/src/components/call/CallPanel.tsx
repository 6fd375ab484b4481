'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import channelStyles from '../channels/Channels.module.css';
import { chatEvents, dispatchChatEvent } from '../chat/chat-events.ts';
import styles from './Call.module.css';
import transcriptStyles from './Transcript.module.css';
import { type CallPhase, useBrowserCall } from './use-browser-call.ts';

const phaseWords: Record<CallPhase, string> = {
  idle: '',
  microphone: 'Asking for the microphone…',
  connecting: 'Connecting…',
  live: 'On the call',
  ended: 'Call ended',
};

/** The dot beside the phase: the Channels page's health colours. */
const phaseTone: Record<CallPhase, 'good' | 'waiting' | undefined> = {
  idle: undefined,
  microphone: 'waiting',
  connecting: 'waiting',
  live: 'good',
  ended: undefined,
};

/**
 * The browser call, full width over the chat: where it is, the live transcript of both sides,
 * "thinking…" while the agent works (with its run), Mute and Hang up; once over, why in words,
 * the call's record and its conversation. It calls as soon as it is shown (after the Call click).
 * `data-*` attributes carry the call's state and frame counts for the browser test.
 */
export function CallPanel({
  agentId,
  sessionId,
  audio,
  onClose,
}: {
  agentId: string;
  /** The open conversation, which the call continues (none: the caller's own). */
  sessionId: string | null;
  /** The first call's audio, made in the Call click; the panel's own Call again makes its next. */
  audio: AudioContext;
  onClose(): void;
}) {
  const { state, start, hangUp, setMuted } = useBrowserCall(agentId, sessionId);
  const transcriptEnd = useRef<HTMLLIElement | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void start(audio);
  }, [start, audio]);

  // A call that asked the agent added runs to a conversation: the list beside the chat is told.
  const over = state.phase === 'ended';
  useEffect(() => {
    if (over && state.sessionId) dispatchChatEvent(chatEvents.conversationsChanged);
  }, [over, state.sessionId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the transcript as it grows
  useEffect(() => {
    transcriptEnd.current?.scrollIntoView({ block: 'nearest' });
  }, [state.lines]);

  return (
    <section
      className={styles.panel}
      aria-label="Call"
      data-testid="call-panel"
      data-phase={state.phase}
      data-frames-in={state.framesIn}
      data-frames-out={state.framesOut}
    >
      <div className={styles.head}>
        <span className={channelStyles.dot} data-tone={phaseTone[state.phase]} aria-hidden="true" />
        <strong role="status">{phaseWords[state.phase]}</strong>
        {state.thinking.active && !over ? (
          <span className="muted small" data-testid="call-thinking">
            Thinking…
            {state.thinking.runId ? (
              <>
                {' '}
                <Link href={`/runs/${state.thinking.runId}`} target="_blank">
                  the run
                </Link>
              </>
            ) : null}
          </span>
        ) : null}
      </div>
      {state.lines.length > 0 ? (
        <ol
          className={`${transcriptStyles.transcript} ${styles.transcript}`}
          aria-label="Call transcript"
          aria-live="polite"
        >
          {state.lines.map((line, index) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are only appended, never reordered
              key={index}
              className={transcriptStyles.line}
              data-role={line.role}
              data-final={line.final}
              data-testid="call-line"
            >
              <span className="sr-only">{line.role === 'caller' ? 'You: ' : 'Agent: '}</span>
              {line.text.trim()}
              {line.interrupted ? <span className="muted small"> (cut off)</span> : null}
            </li>
          ))}
          <li ref={transcriptEnd} className={styles.end} aria-hidden="true" />
        </ol>
      ) : state.phase === 'live' ? (
        <p className="muted small">Speak: what you and the agent say shows here.</p>
      ) : null}
      {over && state.ended ? (
        <p
          role={state.ended.failed ? 'alert' : undefined}
          className={state.ended.failed ? 'error' : 'muted'}
          data-testid="call-ended"
        >
          {state.ended.reason}
        </p>
      ) : null}
      <div className={styles.actions}>
        {over ? (
          <>
            <button type="button" onClick={() => void start()}>
              Call again
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
            {state.callId ? (
              <Link href={`/agents/${agentId}/calls/${state.callId}`}>The call’s record</Link>
            ) : null}
            {state.sessionId && state.sessionId !== sessionId ? (
              <Link href={`/agents/${agentId}?session=${state.sessionId}`}>Its conversation</Link>
            ) : null}
          </>
        ) : (
          <>
            <button
              type="button"
              className="secondary"
              aria-pressed={state.muted}
              disabled={state.phase !== 'live'}
              onClick={() => setMuted(!state.muted)}
            >
              {state.muted ? 'Unmute' : 'Mute'}
            </button>
            <button type="button" className="danger" onClick={hangUp}>
              Hang up
            </button>
          </>
        )}
      </div>
    </section>
  );
}
