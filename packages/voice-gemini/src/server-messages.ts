import type { LiveServerMessage } from '@google/genai';
import type { VoiceEvent, VoiceUsage } from '@lifeosai/voice-spec';
import { Pcm16Decoder } from './pcm.ts';
import { addUsage, emptyUsage } from './usage.ts';

/**
 * Turns Gemini Live server messages into `VoiceEvent`s, in order. Transcripts stream as pieces
 * (`final: false`); a side's turn is closed by one more event with `final: true` (its last piece,
 * often empty): the caller's when the model starts answering or the generation completes, the
 * agent's at turn completion or interruption (output transcription may trail the audio).
 * Usage is summed over every report and every connection (resumptions included).
 */
export class ServerMessageReader {
  /** The latest resumption handle the server offered (undefined until one is resumable). */
  handle: string | undefined;
  /** Whether the model is mid-turn (a go-away waits for the turn to end before reconnecting). */
  modelSpeaking = false;
  private usage: VoiceUsage = emptyUsage();
  private readonly decoder = new Pcm16Decoder();
  private readonly open = { caller: false, agent: false };
  private readonly emit: (event: VoiceEvent) => void;

  constructor(emit: (event: VoiceEvent) => void) {
    this.emit = emit;
  }

  /** Reads one message; returns the go-away's time left in ms when the server announced one. */
  read(message: LiveServerMessage): number | undefined {
    const content = message.serverContent;
    if (content?.inputTranscription?.text) this.piece('caller', content.inputTranscription.text);
    if (content?.inputTranscription?.finished) this.close('caller');
    for (const part of content?.modelTurn?.parts ?? []) {
      const data = part.inlineData;
      if (!data?.data || !data.mimeType?.startsWith('audio/pcm')) continue;
      this.modelStarts();
      const pcm = this.decoder.decode(data.data);
      if (pcm.length) this.emit({ type: 'audio', pcm });
    }
    if (content?.outputTranscription?.text) {
      this.modelStarts();
      this.piece('agent', content.outputTranscription.text);
    }
    if (content?.interrupted) {
      this.decoder.reset();
      this.close('agent');
      this.modelSpeaking = false;
      this.emit({ type: 'interrupted' });
    }
    if (content?.generationComplete) this.close('caller');
    if (content?.turnComplete) {
      this.decoder.reset();
      this.close('caller');
      this.close('agent');
      this.modelSpeaking = false;
      this.emit({ type: 'turn_complete' });
    }
    for (const call of message.toolCall?.functionCalls ?? []) {
      this.close('caller');
      this.emit({ type: 'tool_call', id: call.id ?? '', name: call.name ?? '', args: call.args ?? {} });
    }
    const cancelled = message.toolCallCancellation?.ids ?? [];
    if (cancelled.length) this.emit({ type: 'tool_call_cancelled', ids: cancelled });
    if (message.usageMetadata) {
      this.usage = addUsage(this.usage, message.usageMetadata);
      this.emit({ type: 'usage', usage: { ...this.usage } });
    }
    const update = message.sessionResumptionUpdate;
    if (update?.resumable && update.newHandle) this.handle = update.newHandle;
    if (message.goAway) {
      const timeLeftMs = durationMs(message.goAway.timeLeft);
      this.emit({ type: 'going_away', timeLeftMs });
      return timeLeftMs;
    }
    return undefined;
  }

  /** A connection ended mid-turn: its half sample and open transcripts end with it. */
  connectionLost(): void {
    this.decoder.reset();
    this.modelSpeaking = false;
    this.close('agent');
  }

  private modelStarts(): void {
    this.modelSpeaking = true;
    this.close('caller');
  }

  private piece(role: 'caller' | 'agent', text: string): void {
    this.open[role] = true;
    this.emit({ type: 'transcript', role, text, final: false });
  }

  private close(role: 'caller' | 'agent'): void {
    if (!this.open[role]) return;
    this.open[role] = false;
    this.emit({ type: 'transcript', role, text: '', final: true });
  }
}

/** A protobuf JSON duration (`"1.5s"`) in milliseconds; 0 when absent or unreadable. */
function durationMs(duration: string | undefined): number {
  const seconds = Number.parseFloat(duration ?? '');
  return Number.isFinite(seconds) ? Math.max(0, Math.round(seconds * 1000)) : 0;
}
