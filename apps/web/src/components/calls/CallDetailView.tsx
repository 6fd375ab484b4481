'use client';

import type { CallDetail } from '@lifeosai/api-contract';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { api, errorMessage, formatCost } from '../../lib/api.ts';
import { callLength, callStatusWords, costSplit } from '../../lib/call-format.ts';
import { endReasonSentence } from '../../lib/call-words.ts';
import styles from '../call/Transcript.module.css';

/**
 * One call's record: who called and when, how long and how it ended (in words), what it cost
 * (the live voice model's share and its runs'), the runs it started and its conversation, and
 * the transcript of both sides.
 */
export function CallDetailView({ agentId, callId }: { agentId: string; callId: string }) {
  const [call, setCall] = useState<CallDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<CallDetail>(`/api/agent/calls/${encodeURIComponent(callId)}`).then(setCall, (caught: unknown) =>
      setError(errorMessage(caught)),
    );
  }, [callId]);

  const back = <Link href={`/agents/${agentId}/calls`}>All calls</Link>;
  if (error) {
    return (
      <p role="alert" className="error">
        The call could not be loaded: {error} {back}
      </p>
    );
  }
  if (!call) return <p className="muted">Loading…</p>;
  const cost = costSplit(call);
  const started = new Date(call.startedAt);
  return (
    <div className="stack">
      <div>
        <h2>
          Call from {call.from}
          {call.to ? ` to ${call.to}` : ''}
        </h2>
        <p className="muted small">
          {call.source === 'browser' ? 'From the browser' : 'From a phone line'} · {back}
        </p>
      </div>
      <dl className="facts" data-testid="call-facts">
        <dt>Status</dt>
        <dd>
          <span className={`badge ${call.status === 'completed' ? 'succeeded' : call.status}`}>
            {callStatusWords[call.status]}
          </span>
        </dd>
        <dt>Started</dt>
        <dd>
          <time dateTime={call.startedAt}>{started.toLocaleString()}</time>
        </dd>
        <dt>Length</dt>
        <dd>{callLength(call.durationSec)}</dd>
        <dt>How it ended</dt>
        <dd data-testid="call-end-reason">
          {call.endReason ? endReasonSentence(call.endReason) : 'It has not ended yet.'}
        </dd>
        <dt>Cost</dt>
        <dd>
          {formatCost(cost.total)}
          {cost.voice !== null ? (
            <span className="muted small">
              {' '}
              (voice {formatCost(cost.voice)}
              {cost.runs !== null ? ` + runs ${formatCost(cost.runs)}` : ''})
            </span>
          ) : null}
        </dd>
        {call.voice ? (
          <>
            <dt>Voice model</dt>
            <dd className="small">
              {call.voice.provider}: {call.voice.inputAudioTokens} audio + {call.voice.inputTextTokens} text
              tokens heard, {call.voice.outputAudioTokens} audio + {call.voice.outputTextTokens} text spoken
            </dd>
          </>
        ) : null}
        <dt>Runs</dt>
        <dd>
          {call.runIds.length === 0 ? (
            <span className="muted">The agent was not asked anything.</span>
          ) : (
            call.runIds.map((runId, index) => (
              <span key={runId}>
                {index > 0 ? ', ' : ''}
                <Link href={`/runs/${runId}`}>run {index + 1}</Link>
              </span>
            ))
          )}
        </dd>
        {call.sessionId ? (
          <>
            <dt>Conversation</dt>
            <dd>
              <Link href={`/agents/${agentId}?session=${call.sessionId}`}>Open the conversation</Link>
            </dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="transcript-heading" className="stack">
        <h2 id="transcript-heading">Transcript</h2>
        {call.transcript.length === 0 ? (
          <p className="muted">Nothing was said.</p>
        ) : (
          <ol className={styles.transcript} aria-label="Call transcript">
            {call.transcript.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a recorded transcript never changes order
              <li key={index} className={styles.line} data-role={line.role} data-testid="transcript-line">
                <span className={styles.who}>
                  {line.role === 'caller' ? call.from : 'The agent'} ·{' '}
                  <time dateTime={line.at}>{new Date(line.at).toLocaleTimeString()}</time>
                </span>
                <p>{line.text}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
