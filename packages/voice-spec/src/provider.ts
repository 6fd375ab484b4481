import type { VoiceEvent } from './events.ts';
import type { VoiceUsage } from './usage.ts';

/** PCM16 (signed 16-bit little-endian, mono) at a sample rate: the only audio the contract carries. */
export interface VoiceAudioFormat {
  /** Samples per second (Gemini Live: 16 000 in, 24 000 out). */
  sampleRate: number;
}

/**
 * A function the live model may call. `parameters` is a JSON Schema object. `nonBlocking`: the
 * model keeps talking and listening while the call runs (it can say "one moment"); its result
 * arrives later through `sendToolResult`.
 */
export interface VoiceTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  nonBlocking?: boolean;
}

/** What a session is opened with. */
export interface VoiceSessionOptions {
  /** The system instructions: who the voice is, how it speaks, when it calls its tools. */
  instructions: string;
  tools: readonly VoiceTool[];
  /** The provider's model id; the provider's default when absent. */
  model?: string;
  /** The provider's voice name (Gemini: `Puck`, `Kore`, …); its default when absent. */
  voice?: string;
  /** BCP-47 language hint (`en-US`); absent: the provider detects it. */
  language?: string;
  /** The provider's API key, resolved by the platform like other provider keys. Never logged. */
  apiKey: string;
  /** Where the provider is reached (tests and proxies); the provider's default when absent. */
  baseUrl?: string;
  /** Every event of the session, in order (see `VoiceEvent`). Never throws into the provider. */
  onEvent(event: VoiceEvent): void;
  /** Aborting closes the session (like `close()`). */
  signal?: AbortSignal;
}

/**
 * One live conversation with a realtime voice model. The session keeps itself alive: when the
 * server says it will go away (or the connection drops) and the provider can resume, it
 * reconnects with its latest resumption handle and emits `resumed`; audio sent meanwhile is held
 * and sent once resumed. Only when it cannot does it emit `closed` with an error.
 */
export interface VoiceSession {
  /** Caller audio: PCM16 at the provider's `input` rate, any length (20 ms frames are typical). */
  sendAudio(pcm: Int16Array): void;
  /**
   * Tells the model something in text as the user's turn (the platform's own notices: "the agent
   * failed, apologise and end the call", "time is up").
   */
  sendText(text: string): void;
  /** Answers a `tool_call` by its id. `result` is JSON. */
  sendToolResult(result: VoiceToolResult): void;
  /** Ends the session for good; idempotent. Emits `closed` (without error) once. */
  close(): Promise<void>;
}

/**
 * The answer to a tool call. `scheduling` (non-blocking tools): `interrupt` speaks of it at once,
 * `when_idle` after the current utterance, `silent` only informs the model.
 */
export interface VoiceToolResult {
  id: string;
  name: string;
  result: Record<string, unknown>;
  scheduling?: 'interrupt' | 'when_idle' | 'silent';
}

/** A realtime voice provider: one package each, registered in the Agent API (`phone/voice-providers.ts`). */
export interface VoiceProvider {
  /** Stable id (`gemini`), also the provider whose key is used (`GEMINI_API_KEY`, the org's `gemini` key). */
  id: string;
  /** Audio the provider takes and gives. */
  formats: { input: VoiceAudioFormat; output: VoiceAudioFormat };
  /**
   * Opens a session; resolves once the server accepted the setup (the first audio may be sent).
   * Rejects with `VoiceProviderError` when it cannot (bad key, unreachable, refused setup).
   */
  connect(options: VoiceSessionOptions): Promise<VoiceSession>;
  /**
   * Prices a session's usage in US dollars (the provider's published audio and text token
   * prices for its model).
   */
  costUsd(usage: VoiceUsage, model?: string): number;
}

/** Why a provider could not open or keep a session; `message` says it in words, never with the key. */
export class VoiceProviderError extends Error {
  /** `auth`: the key was refused; `unreachable`: no connection; `refused`: the server closed or rejected the setup. */
  readonly kind: 'auth' | 'unreachable' | 'refused';
  constructor(kind: VoiceProviderError['kind'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VoiceProviderError';
    this.kind = kind;
  }
}
