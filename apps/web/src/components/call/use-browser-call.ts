'use client';

import {
  type CallServerMessage,
  callServerMessageSchema,
  callSocketPath,
} from '@lifeosai/api-contract/call-socket';
import { useCallback, useEffect, useRef, useState } from 'react';
import { addTranscriptPiece, type CallLine, interruptAgent } from '../../lib/call-transcript.ts';
import { endReasonSentence, microphoneProblemWords, socketClosedWords } from '../../lib/call-words.ts';
import { feedMicrophone, MicrophoneError, type MicrophoneFeed, requestMicrophone } from './microphone.ts';
import { CallPlayback } from './playback.ts';

/**
 * Where the call is: asking for the microphone, connecting to the bridge, connected, over.
 * `idle` only before the first call.
 */
export type CallPhase = 'idle' | 'microphone' | 'connecting' | 'live' | 'ended';

/** What the call panel shows. */
export interface BrowserCallState {
  phase: CallPhase;
  /** The call's record (`/agents/:id/calls/:callId`), once the bridge said `ready`. */
  callId: string | null;
  /** The conversation the call continues (its runs land there). */
  sessionId: string | null;
  lines: CallLine[];
  /** The agent is working on a question; `runId` once its run exists. */
  thinking: { active: boolean; runId?: string };
  muted: boolean;
  /** Why the call ended, in words; `failed` when it ended on a problem. */
  ended: { reason: string; failed: boolean } | null;
  /** Binary frames received (the agent's voice) and sent (the microphone), for the test hook. */
  framesIn: number;
  framesOut: number;
}

const initial: BrowserCallState = {
  phase: 'idle',
  callId: null,
  sessionId: null,
  lines: [],
  thinking: { active: false },
  muted: false,
  ended: null,
  framesIn: 0,
  framesOut: 0,
};

/** How often the frame counters reach the page (not on every 20 ms frame: that would re-render 100 times a second). */
const countersEveryMs = 400;
/** How long Hang up waits for the bridge's `ended` before closing the socket itself. */
const hangUpGraceMs = 2000;

/** Everything one call holds open, released together when it ends. */
interface Line {
  socket: WebSocket | null;
  context: AudioContext;
  stream: MediaStream | null;
  feed: MicrophoneFeed | null;
  playback: CallPlayback | null;
  framesIn: number;
  framesOut: number;
  /** The person pressed Hang up (the end is theirs, not a failure). */
  hungUp: boolean;
}

/** Muted, the microphone sends silence (the voice model's turn detection keeps hearing time pass). */
function muteTracks(line: Line, muted: boolean): void {
  for (const track of line.stream?.getAudioTracks() ?? []) track.enabled = !muted;
}

/** The socket's address on this origin (`ws:`/`wss:` after the page's scheme), with the conversation. */
function socketUrl(agentId: string, sessionId: string | null): string {
  const url = new URL(callSocketPath(agentId), window.location.href);
  url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (sessionId) url.searchParams.set('sessionId', sessionId);
  return url.toString();
}

/**
 * A browser call to the agent: the microphone (echo-cancelled) through the web origin's socket to
 * the bridge as 20 ms PCM16 frames, the agent's voice played back gap-free, the live transcript,
 * and the end in words. `start(audio?)` must run in a click, or be given an AudioContext made in
 * one: Safari plays sound only from a context made or resumed during a user's gesture.
 */
export function useBrowserCall(agentId: string, sessionId: string | null) {
  const [state, setState] = useState<BrowserCallState>(initial);
  const lineRef = useRef<Line | null>(null);

  const release = useCallback((line: Line) => {
    line.feed?.stop();
    for (const track of line.stream?.getTracks() ?? []) track.stop();
    line.playback?.clear();
    void line.context.close().catch(() => undefined);
    if (lineRef.current === line) lineRef.current = null;
  }, []);

  const finish = useCallback(
    (line: Line, ended: { reason: string; failed: boolean }) => {
      release(line);
      setState((current) => ({
        ...current,
        phase: 'ended',
        thinking: { active: false },
        ended: current.ended ?? ended,
        framesIn: line.framesIn,
        framesOut: line.framesOut,
      }));
    },
    [release],
  );

  const onMessage = useCallback(
    (line: Line, message: CallServerMessage, onReady: (input: number, output: number) => void) => {
      switch (message.type) {
        case 'ready':
          setState((current) => ({
            ...current,
            phase: 'live',
            callId: message.callId,
            sessionId: message.sessionId,
          }));
          onReady(message.sampleRates.input, message.sampleRates.output);
          return;
        case 'transcript':
          setState((current) => ({ ...current, lines: addTranscriptPiece(current.lines, message) }));
          return;
        case 'clear':
          line.playback?.clear();
          setState((current) => ({ ...current, lines: interruptAgent(current.lines) }));
          return;
        case 'thinking':
          setState((current) => ({
            ...current,
            thinking: { active: message.active, ...(message.runId && { runId: message.runId }) },
          }));
          return;
        case 'ended':
          setState((current) => ({
            ...current,
            ended: { reason: endReasonSentence(message.reason), failed: message.failed },
          }));
          return;
      }
    },
    [],
  );

  const start = useCallback(
    async (audio?: AudioContext) => {
      if (lineRef.current) {
        void audio?.close();
        return;
      }
      // Made (or resumed) during the click, so the browser lets it play the agent's voice.
      const line: Line = {
        socket: null,
        context: audio ?? new AudioContext(),
        stream: null,
        feed: null,
        playback: null,
        framesIn: 0,
        framesOut: 0,
        hungUp: false,
      };
      lineRef.current = line;
      setState({ ...initial, phase: 'microphone' });
      void line.context.resume();
      let stream: MediaStream;
      try {
        stream = await requestMicrophone();
      } catch (caught) {
        const reason =
          caught instanceof MicrophoneError
            ? microphoneProblemWords(caught.problem)
            : `The microphone could not be opened: ${String(caught)}`;
        finish(line, { reason, failed: true });
        return;
      }
      // Hung up while the browser was asking for the microphone: the call is already over.
      if (lineRef.current !== line) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      line.stream = stream;
      setState((current) => ({ ...current, phase: 'connecting' }));
      const socket = new WebSocket(socketUrl(agentId, sessionId));
      socket.binaryType = 'arraybuffer';
      line.socket = socket;
      let connected = false;
      const onReady = (input: number, output: number) => {
        connected = true;
        line.playback = new CallPlayback(line.context, output);
        feedMicrophone(line.context, line.stream!, input, (frame) => {
          if (socket.readyState !== WebSocket.OPEN) return;
          socket.send(frame);
          line.framesOut++;
        }).then(
          (feed) => {
            if (lineRef.current === line) line.feed = feed;
            else feed.stop();
          },
          (caught: unknown) => {
            setState((current) => ({
              ...current,
              ended: { reason: `The microphone could not be streamed: ${String(caught)}`, failed: true },
            }));
            socket.send(JSON.stringify({ type: 'hangup' }));
            socket.close(1000);
          },
        );
      };
      socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
        if (typeof event.data !== 'string') {
          line.framesIn++;
          line.playback?.play(event.data);
          return;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data);
        } catch {
          return;
        }
        // A message this page does not know (a newer bridge) is skipped, not a failure.
        const message = callServerMessageSchema.safeParse(parsed);
        if (message.success) onMessage(line, message.data, onReady);
      };
      socket.onclose = (event) => {
        finish(
          line,
          line.hungUp
            ? { reason: 'You hung up.', failed: false }
            : {
                reason: socketClosedWords(connected, event.code, event.reason),
                failed: !connected || event.code !== 1000,
              },
        );
      };
    },
    [agentId, sessionId, finish, onMessage],
  );

  /** Hangs up: the bridge is told (it ends the call and says `ended`), then the socket closes. */
  const hangUp = useCallback(() => {
    const line = lineRef.current;
    if (!line) return;
    line.hungUp = true;
    const socket = line.socket;
    if (!socket) return finish(line, { reason: 'You hung up.', failed: false });
    if (socket.readyState !== WebSocket.OPEN) return socket.close();
    socket.send(JSON.stringify({ type: 'hangup' }));
    muteTracks(line, true);
    setTimeout(() => socket.close(1000), hangUpGraceMs);
  }, [finish]);

  const setMuted = useCallback((muted: boolean) => {
    if (lineRef.current) muteTracks(lineRef.current, muted);
    setState((current) => ({ ...current, muted }));
  }, []);

  // The counters reach the page a few times a second while the call lasts.
  useEffect(() => {
    if (state.phase !== 'live') return;
    const timer = setInterval(() => {
      const line = lineRef.current;
      if (line) setState((current) => ({ ...current, framesIn: line.framesIn, framesOut: line.framesOut }));
    }, countersEveryMs);
    return () => clearInterval(timer);
  }, [state.phase]);

  // Leaving the page hangs up.
  useEffect(
    () => () => {
      const line = lineRef.current;
      if (!line) return;
      line.hungUp = true;
      if (line.socket?.readyState === WebSocket.OPEN) line.socket.send(JSON.stringify({ type: 'hangup' }));
      line.socket?.close(1000);
      release(line);
    },
    [release],
  );

  return { state, start, hangUp, setMuted };
}
