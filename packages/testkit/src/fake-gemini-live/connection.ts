import type { WebSocket } from 'ws';
import type { Conversation } from './conversation.ts';
import { pcmFromBase64 } from './pcm.ts';
import { Speaker, type UtteranceEnd } from './speaker.ts';
import { EndOfSpeechDetector } from './speech-detector.ts';
import type { FakeLiveConnectionRecord, FakeLiveSetup } from './types.ts';
import { usageFor } from './usage.ts';

/** Options every connection uses, defaults applied. */
export interface ResolvedLiveOptions {
  models?: readonly string[];
  hangOnSetup?: boolean;
  replyDelayMs: number;
  speechThreshold: number;
  endOfSpeechMs: number;
  msPerChar: number;
  chunkMs: number;
  speedUp: number;
  goAwayAfterMs?: number;
  goAwayTimeLeftMs: number;
  speakToolResult: (response: Record<string, unknown>) => string;
}

/** What a connection needs from the server. */
export interface ConnectionHost {
  options: ResolvedLiveOptions;
  /** The conversation a handle resumes, undefined when unknown or forgotten. */
  resume(handle: string): Conversation | undefined;
  /** A new conversation with the current script. */
  start(): Conversation;
  /** A new resumption handle for the conversation. */
  issueHandle(conversation: Conversation): string;
}

/** The server's grip on one open connection. */
export interface LiveConnection {
  record: FakeLiveConnectionRecord;
  conversation(): Conversation | undefined;
  goAway(timeLeftMs: number): void;
  /** Stops speaking on this connection (its conversation moved to a newer connection). */
  silence(): void;
}

const INPUT_RATE = 16_000;

/**
 * Speaks BidiGenerateContent on one socket: `setup` → `setupComplete`, caller audio with an
 * energy end-of-speech detector, the script's turns (input transcription, synthetic speech with
 * output transcription, tool calls), barge-in, usage and resumption handles after each turn.
 */
export function serveConnection(socket: WebSocket, id: number, host: ConnectionHost): LiveConnection {
  const { options } = host;
  const record: FakeLiveConnectionRecord = {
    id,
    conversationId: 0,
    setup: { model: '', instructions: '', functionDeclarations: [], raw: {} },
    audioReceivedMs: 0,
    audio: [],
    audioRates: [],
    closed: false,
  };
  let conversation: Conversation | undefined;
  let resumable = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const send = (message: Record<string, unknown>) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const detector = new EndOfSpeechDetector(options.speechThreshold, options.endOfSpeechMs, INPUT_RATE);

  const endTurn = (outputAudioMs: number) => {
    if (!conversation) return;
    const usage = usageFor(conversation.unbilled, outputAudioMs);
    conversation.unbilled = { audioMs: 0, textChars: 0 };
    send({ serverContent: { turnComplete: true }, usageMetadata: usage });
    if (resumable)
      send({ sessionResumptionUpdate: { newHandle: host.issueHandle(conversation), resumable: true } });
  };
  const speaker = new Speaker(send, options, (end: UtteranceEnd) => {
    conversation?.heard('agent', end.spoken);
    if (!end.cut) endTurn(end.audioMs);
  });
  const say = (text: string) => {
    if (conversation) conversation.turn++;
    speaker.say(text);
  };

  const bargeIn = () => {
    if (!conversation || !speaker.cut()) return;
    conversation.record.interruptions++;
    send({ serverContent: { interrupted: true } });
    const cancelled = [...conversation.pendingCalls].filter(([, call]) => call.turn === conversation!.turn);
    for (const [callId] of cancelled) conversation.pendingCalls.delete(callId);
    if (cancelled.length) send({ toolCallCancellation: { ids: cancelled.map(([callId]) => callId) } });
    endTurn(0);
  };

  const playNextStep = () => {
    const current = conversation;
    const step = current?.nextStep();
    if (!current || !step) return;
    if (step.hear) {
      current.heard('caller', step.hear);
      send({ serverContent: { inputTranscription: { text: step.hear, finished: true } } });
    }
    later(options.replyDelayMs, () => {
      if (conversation !== current) return;
      if (step.call) {
        const callId = current.callId();
        current.pendingCalls.set(callId, { name: step.call.name, turn: current.turn + (step.say ? 1 : 0) });
        send({
          toolCall: { functionCalls: [{ id: callId, name: step.call.name, args: step.call.args ?? {} }] },
        });
      }
      if (step.say) say(step.say);
    });
  };

  const onAudio = (audio: { data?: string; mimeType?: string }) => {
    if (!conversation || typeof audio.data !== 'string') return;
    const rate = Number(/rate=(\d+)/.exec(audio.mimeType ?? '')?.[1] ?? INPUT_RATE);
    if (!record.audioRates.includes(rate)) record.audioRates.push(rate);
    const samples = pcmFromBase64(audio.data);
    record.audio.push(samples);
    const ms = (samples.length / rate) * 1000;
    record.audioReceivedMs += ms;
    conversation.record.audioReceivedMs += ms;
    conversation.unbilled.audioMs += ms;
    const { voiced, ended } = detector.push(samples);
    if (voiced && speaker.speaking) bargeIn();
    if (ended) playNextStep();
  };

  const onText = (text: string) => {
    if (!conversation) return;
    conversation.record.texts.push(text);
    conversation.unbilled.textChars += text.length;
    playNextStep();
  };

  const onToolResponse = (responses: Array<Record<string, unknown>>) => {
    for (const response of responses) {
      if (!conversation) return;
      const callId = String(response.id ?? '');
      const body = (response.response ?? {}) as Record<string, unknown>;
      const scheduling = typeof response.scheduling === 'string' ? response.scheduling : undefined;
      conversation.record.toolResponses.push({
        id: callId,
        name: String(response.name ?? ''),
        response: body,
        ...(scheduling ? { scheduling } : {}),
      });
      if (!conversation.pendingCalls.delete(callId) || scheduling === 'SILENT') continue;
      if (scheduling === 'INTERRUPT') speaker.cut();
      say(options.speakToolResult(body));
    }
  };

  const onSetup = (setup: Record<string, unknown>) => {
    if (options.hangOnSetup) return;
    const handle = (setup.sessionResumption as { handle?: string } | undefined)?.handle;
    const model = String(setup.model ?? '').replace(/^models\//, '');
    if (options.models && !options.models.includes(model)) {
      socket.close(
        1008,
        `models/${model} is not found for API version v1beta, or is not supported for bidiGenerateContent.`,
      );
      return;
    }
    const found = handle ? host.resume(handle) : host.start();
    if (!found) {
      socket.close(1008, 'The session resumption handle is not valid or has expired.');
      return;
    }
    conversation = found;
    resumable = setup.sessionResumption !== undefined;
    record.setup = readSetup(setup);
    record.conversationId = found.record.id;
    if (handle) record.resumedWith = handle;
    if (found.record.connections.length === 0) found.unbilled.textChars += record.setup.instructions.length;
    found.record.connections.push(id);
    send({ setupComplete: {} });
    if (resumable) send({ sessionResumptionUpdate: { newHandle: host.issueHandle(found), resumable: true } });
    if (options.goAwayAfterMs !== undefined)
      later(options.goAwayAfterMs, () => control.goAway(options.goAwayTimeLeftMs));
  };

  socket.on('message', (data) => {
    let message: Record<string, Record<string, unknown>>;
    try {
      message = JSON.parse(String(data));
    } catch {
      socket.close(1007, 'Invalid JSON payload received.');
      return;
    }
    if (message.setup && !conversation) return onSetup(message.setup);
    if (!conversation) return;
    const realtime = message.realtimeInput;
    if (realtime?.audio) onAudio(realtime.audio as { data?: string; mimeType?: string });
    if (realtime?.activityEnd !== undefined) {
      detector.end();
      playNextStep();
    }
    if (realtime?.audioStreamEnd && detector.end()) playNextStep();
    if (typeof realtime?.text === 'string') onText(realtime.text);
    if (message.clientContent) onText(textOf(message.clientContent.turns));
    if (message.toolResponse) onToolResponse((message.toolResponse.functionResponses ?? []) as never);
  });
  socket.on('close', () => {
    record.closed = true;
    speaker.cut();
    for (const timer of timers) clearTimeout(timer);
  });

  const control: LiveConnection = {
    record,
    conversation: () => conversation,
    goAway(timeLeftMs) {
      send({ goAway: { timeLeft: `${timeLeftMs / 1000}s` } });
      later(timeLeftMs, () => socket.close(1000, 'Session closed after go-away.'));
    },
    silence() {
      speaker.cut();
      conversation = undefined;
    },
  };
  return control;
}

function readSetup(setup: Record<string, unknown>): FakeLiveSetup {
  const instruction = setup.systemInstruction as { parts?: Array<{ text?: string }> } | undefined;
  const tools = (setup.tools ?? []) as Array<{ functionDeclarations?: Array<Record<string, unknown>> }>;
  return {
    model: String(setup.model ?? ''),
    instructions: (instruction?.parts ?? []).map((part) => part.text ?? '').join('\n'),
    functionDeclarations: tools.flatMap((tool) => tool.functionDeclarations ?? []),
    raw: setup,
  };
}

function textOf(turns: unknown): string {
  const list = (Array.isArray(turns) ? turns : [turns]) as Array<{ parts?: Array<{ text?: string }> }>;
  return list
    .flatMap((turn) => turn?.parts ?? [])
    .map((part) => part.text ?? '')
    .join('');
}
