/**
 * One scripted turn of the fake model, played when the caller stops speaking (or sends text).
 * `hear` is what the fake "heard" (sent as the input transcription). Then it speaks `say`, and/or
 * calls a tool: with `call`, the tool call goes out first and `say` (if any) is spoken while the
 * tool runs ("one moment"); the tool's answer is then spoken (see `speakToolResult`).
 */
export interface FakeLiveStep {
  /** The caller's words as the fake transcribes them (absent for text turns). */
  hear?: string;
  /** What the fake model says (output transcription + synthetic audio). */
  say?: string;
  /** A tool call the fake model makes; its response is spoken as the next utterance. */
  call?: { name: string; args?: Record<string, unknown> };
}

/** How the fake behaves; every field has a default fit for fast tests. */
export interface FakeGeminiLiveOptions {
  /** Port (default: any free one); always 127.0.0.1. */
  port?: number;
  /** The API key the fake accepts (default `fake-gemini-key`); any other is refused like Google does. */
  apiKey?: string;
  /** Models the fake serves (`gemini-…`, without `models/`); others are refused like Google does. Default: any. */
  models?: readonly string[];
  /** Never answers `setup` (a server or proxy that hangs), for connect timeouts. Default false. */
  hangOnSetup?: boolean;
  /** The turns, in order; once past the end the fake stays silent. */
  script?: readonly FakeLiveStep[];
  /** Wait between the caller's end of speech and the first reply byte (the "scripted delay"; default 0). */
  replyDelayMs?: number;
  /** Caller audio whose RMS amplitude is above this counts as speech (default 500 of 32767). */
  speechThreshold?: number;
  /** Silence after speech that ends the caller's turn, in audio time (default 400 ms). */
  endOfSpeechMs?: number;
  /** Spoken length of the synthetic voice per character (default 60 ms; minimum 300 ms per utterance). */
  msPerChar?: number;
  /** Audio per outgoing chunk (default 40 ms). */
  chunkMs?: number;
  /** How much faster than real time chunks are sent (default 1: one chunk per `chunkMs`). */
  speedUp?: number;
  /** Sends `goAway` this long after each connection's setup (default: never). */
  goAwayAfterMs?: number;
  /** The `timeLeft` announced with an automatic `goAway` (default 500 ms); the socket closes then. */
  goAwayTimeLeftMs?: number;
  /** What to say for a tool response (default: its `answer`, else `text`, else its JSON). */
  speakToolResult?: (response: Record<string, unknown>) => string;
}

/** What one WebSocket connection sent and got (a resumed conversation has several). */
export interface FakeLiveConnectionRecord {
  /** 1-based, in connection order over the fake's life. */
  id: number;
  /** The conversation this connection belongs to (shared by its resumptions). */
  conversationId: number;
  /** The `setup` message as received. */
  setup: FakeLiveSetup;
  /** The handle it resumed with, if any. */
  resumedWith?: string;
  /** Caller audio received on this connection, in milliseconds at 16 kHz. */
  audioReceivedMs: number;
  /** Every caller audio chunk as the fake decoded it (little-endian PCM16). */
  audio: Int16Array[];
  /** Sample rates announced by the audio chunks received (`audio/pcm;rate=16000` → 16000). */
  audioRates: number[];
  /** Whether the socket has closed. */
  closed: boolean;
}

/** The parts of a `setup` message tests assert on, and the raw message. */
export interface FakeLiveSetup {
  /** `models/<name>` as the SDK sends it. */
  model: string;
  /** The system instruction's text parts, joined. */
  instructions: string;
  /** Function declarations, as sent. */
  functionDeclarations: Array<Record<string, unknown>>;
  /** The whole setup object. */
  raw: Record<string, unknown>;
}

/** A tool response the fake received. */
export interface FakeLiveToolResponse {
  id: string;
  name: string;
  response: Record<string, unknown>;
  /** `INTERRUPT`, `WHEN_IDLE`, `SILENT` or absent. */
  scheduling?: string;
}

/** One conversation across its resumptions. */
export interface FakeLiveConversationRecord {
  id: number;
  /** Connection ids, in order (more than one after resumptions). */
  connections: number[];
  /** Both sides' words in order; the agent's as far as they were spoken before an interruption. */
  transcript: Array<{ role: 'caller' | 'agent'; text: string }>;
  /** Tool responses received. */
  toolResponses: FakeLiveToolResponse[];
  /** Text turns the client sent (`sendClientContent` / realtime text). */
  texts: string[];
  /** Caller audio received over all connections, in milliseconds. */
  audioReceivedMs: number;
  /** Times the fake was interrupted by the caller (barge-in). */
  interruptions: number;
  /** Index of the next script step. */
  position: number;
}

/** A running fake Gemini Live server. */
export interface FakeGeminiLive {
  /** `http://127.0.0.1:<port>`: give it as `baseUrl` (`GEMINI_LIVE_BASE_URL`). */
  baseUrl: string;
  /** The key it accepts. */
  apiKey: string;
  /** Every connection so far. */
  connections(): FakeLiveConnectionRecord[];
  /** Every conversation so far. */
  conversations(): FakeLiveConversationRecord[];
  /** Replaces the script for conversations that start after this call. */
  setScript(script: readonly FakeLiveStep[]): void;
  /** Sends `goAway` on every open connection, then closes each after `timeLeftMs`. */
  goAway(timeLeftMs?: number): void;
  /** Closes every open socket abruptly (no close frame), like a network drop; resumption works. */
  dropConnection(): void;
  /** Closes every open socket with an internal error and forgets every handle: nothing can resume. */
  failHard(): void;
  /** Resolves once a conversation's transcript has an entry matching `text` (default 5 s timeout). */
  waitForTranscript(role: 'caller' | 'agent', text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Ends every socket and the server. */
  close(): Promise<void>;
}
