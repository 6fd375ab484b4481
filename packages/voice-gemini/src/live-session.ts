import type { GoogleGenAI, Session } from '@google/genai';
import {
  type VoiceEvent,
  VoiceProviderError,
  type VoiceSession,
  type VoiceSessionOptions,
  type VoiceToolResult,
} from '@lifeosai/voice-spec';
import { functionResponse, liveConfig } from './config.ts';
import { openConnection } from './open-connection.ts';
import { encodePcm16 } from './pcm.ts';
import { ServerMessageReader } from './server-messages.ts';

/** How hard a session tries to stay alive; defaults suit a phone call. */
export interface ResumptionTuning {
  /** Reconnection attempts after a go-away or a drop (default 3). */
  attempts: number;
  /** Wait before the n-th retry: n × this (default 200 ms). */
  backoffMs: number;
  /** Caller audio kept while reconnecting, newest first kept (default 2 000 ms). */
  heldAudioMs: number;
  /** Wait for one connection's setup to be accepted (default 10 000 ms). */
  connectTimeoutMs: number;
}

const INPUT_RATE = 16_000;
/** Reconnect this long before the announced go-away deadline if the model is still talking. */
const GO_AWAY_MARGIN_MS = 250;

/**
 * A live Gemini session that keeps itself alive: on `goAway` (once the model's current turn ends,
 * or just before the deadline) or an unexpected close while it holds a resumption handle, it
 * reconnects with that handle, holds caller audio (the last `heldAudioMs`), text and tool results
 * meanwhile and sends them once resumed, then emits `resumed`; failing that, `closed` with an error.
 */
export class GeminiLiveSession implements VoiceSession {
  private readonly ai: GoogleGenAI;
  private readonly model: string;
  private readonly options: VoiceSessionOptions;
  private readonly tuning: ResumptionTuning;
  private readonly reader: ServerMessageReader;
  private connection: Session | undefined;
  /** Bumped for every connection: callbacks of older connections are ignored. */
  private generation = 0;
  private state: 'connecting' | 'open' | 'resuming' | 'closed' = 'connecting';
  private heldAudio: Int16Array[] = [];
  private heldSamples = 0;
  private heldMessages: Array<(connection: Session) => void> = [];
  private goAwayTimer: NodeJS.Timeout | undefined;

  constructor(ai: GoogleGenAI, model: string, options: VoiceSessionOptions, tuning: ResumptionTuning) {
    this.ai = ai;
    this.model = model;
    this.options = options;
    this.tuning = tuning;
    this.reader = new ServerMessageReader((event) => this.emit(event));
  }

  /** Opens the first connection; rejects with `VoiceProviderError`. */
  async start(): Promise<void> {
    this.connection = await this.connectOnce();
    this.state = 'open';
    this.options.signal?.addEventListener('abort', () => void this.close(), { once: true });
    if (this.options.signal?.aborted) await this.close();
  }

  sendAudio(pcm: Int16Array): void {
    if (this.state === 'closed' || pcm.length === 0) return;
    if (this.state !== 'open' || !this.connection) {
      this.hold(pcm);
      return;
    }
    this.connection.sendRealtimeInput({
      audio: { data: encodePcm16(pcm), mimeType: `audio/pcm;rate=${INPUT_RATE}` },
    });
  }

  sendText(text: string): void {
    this.send((connection) =>
      connection.sendClientContent({ turns: [{ role: 'user', parts: [{ text }] }], turnComplete: true }),
    );
  }

  sendToolResult(result: VoiceToolResult): void {
    this.send((connection) => connection.sendToolResponse({ functionResponses: [functionResponse(result)] }));
  }

  async close(): Promise<void> {
    this.finish(undefined);
  }

  private send(message: (connection: Session) => void): void {
    if (this.state === 'closed') return;
    if (this.state === 'open' && this.connection) message(this.connection);
    else this.heldMessages.push(message);
  }

  private hold(pcm: Int16Array): void {
    this.heldAudio.push(pcm);
    this.heldSamples += pcm.length;
    const limit = (this.tuning.heldAudioMs / 1000) * INPUT_RATE;
    while (this.heldSamples - (this.heldAudio[0]?.length ?? 0) >= limit && this.heldAudio.length > 1)
      this.heldSamples -= this.heldAudio.shift()!.length;
  }

  private connectOnce(): Promise<Session> {
    const generation = ++this.generation;
    return openConnection(
      this.ai,
      {
        model: this.model,
        config: liveConfig(this.options, this.reader.handle),
        apiKey: this.options.apiKey,
        timeoutMs: this.tuning.connectTimeoutMs,
      },
      {
        onMessage: (message) => {
          if (generation !== this.generation || this.state === 'closed') return;
          const goAwayMs = this.reader.read(message);
          if (goAwayMs !== undefined) this.goingAway(goAwayMs);
          if (this.goAwayTimer && !this.reader.modelSpeaking) void this.resume();
        },
        onClose: (code, reason) => {
          if (generation !== this.generation || this.state !== 'open') return;
          void this.resume(`the connection closed (code ${code}${reason ? `: ${reason}` : ''})`);
        },
      },
    );
  }

  private goingAway(timeLeftMs: number): void {
    // Without a handle there is nothing to resume with: the session lives until the server closes it.
    if (!this.reader.handle) return;
    clearTimeout(this.goAwayTimer);
    this.goAwayTimer = setTimeout(() => void this.resume(), Math.max(0, timeLeftMs - GO_AWAY_MARGIN_MS));
  }

  private async resume(why = 'the server asked to reconnect'): Promise<void> {
    if (this.state !== 'open') return;
    clearTimeout(this.goAwayTimer);
    this.goAwayTimer = undefined;
    this.state = 'resuming';
    this.reader.connectionLost();
    const old = this.connection;
    this.connection = undefined;
    this.generation++;
    closeQuietly(old);
    let lastError = why;
    for (let attempt = 1; attempt <= this.tuning.attempts && this.reader.handle; attempt++) {
      try {
        const connection = await this.connectOnce();
        if (this.state !== 'resuming') return closeQuietly(connection);
        this.connection = connection;
        this.state = 'open';
        this.flush(connection);
        this.emit({ type: 'resumed' });
        return;
      } catch (error) {
        if (this.state !== 'resuming') return;
        lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof VoiceProviderError && error.kind === 'auth') break;
        await new Promise((resolve) => setTimeout(resolve, this.tuning.backoffMs * attempt));
      }
    }
    if (this.state !== 'resuming') return;
    this.finish(
      this.reader.handle
        ? `The voice session with Gemini Live ended and could not be resumed: ${lastError}`
        : `The voice session with Gemini Live ended before it could be resumed: ${lastError}`,
    );
  }

  private flush(connection: Session): void {
    const audio = this.heldAudio;
    const messages = this.heldMessages;
    this.heldAudio = [];
    this.heldSamples = 0;
    this.heldMessages = [];
    for (const pcm of audio) this.sendAudio(pcm);
    for (const message of messages) message(connection);
  }

  private finish(error: string | undefined): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.goAwayTimer);
    this.generation++;
    closeQuietly(this.connection);
    this.connection = undefined;
    this.heldAudio = [];
    this.heldMessages = [];
    this.emit(error === undefined ? { type: 'closed' } : { type: 'closed', error });
  }

  private emit(event: VoiceEvent): void {
    try {
      this.options.onEvent(event);
    } catch {
      // The contract says onEvent never throws; a bridge bug must not kill the session.
    }
  }
}

function closeQuietly(connection: Session | undefined): void {
  try {
    connection?.close();
  } catch {
    // Already closed.
  }
}
