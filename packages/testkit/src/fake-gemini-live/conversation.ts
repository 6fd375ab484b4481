import type { FakeLiveConversationRecord, FakeLiveStep } from './types.ts';

/**
 * One conversation's state, kept across resumptions: where the script is, the transcript, the
 * tool calls still waiting for a response, and the input not yet billed in a usage report.
 */
export class Conversation {
  readonly record: FakeLiveConversationRecord;
  /** Tool call id → the turn (utterance count) that issued it. */
  readonly pendingCalls = new Map<string, { name: string; turn: number }>();
  /** Caller audio and text characters since the last usage report. */
  unbilled = { audioMs: 0, textChars: 0 };
  /** Model turns started so far (tool calls remember theirs, for cancellation on barge-in). */
  turn = 0;
  private nextCallId = 1;
  private readonly script: readonly FakeLiveStep[];

  constructor(id: number, script: readonly FakeLiveStep[]) {
    this.script = script;
    this.record = {
      id,
      connections: [],
      transcript: [],
      toolResponses: [],
      texts: [],
      audioReceivedMs: 0,
      interruptions: 0,
      position: 0,
    };
  }

  /** The next scripted step, advancing the position; undefined past the end. */
  nextStep(): FakeLiveStep | undefined {
    const step = this.script[this.record.position];
    if (step) this.record.position++;
    return step;
  }

  /** A fresh tool call id, unique in the conversation. */
  callId(): string {
    return `call-${this.record.id}-${this.nextCallId++}`;
  }

  /** Appends words to the transcript. */
  heard(role: 'caller' | 'agent', text: string): void {
    if (text) this.record.transcript.push({ role, text });
  }
}
