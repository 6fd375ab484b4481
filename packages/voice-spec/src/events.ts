import type { VoiceUsage } from './usage.ts';

/** What a live session tells the bridge, in order. */
export type VoiceEvent =
  /** Model speech: PCM16 at the provider's `output` rate. */
  | { type: 'audio'; pcm: Int16Array }
  /**
   * Words heard (`caller`, the input transcription) or spoken (`agent`, the output
   * transcription). Providers stream pieces; `final` marks the end of one side's turn.
   */
  | { type: 'transcript'; role: 'caller' | 'agent'; text: string; final: boolean }
  /** The model calls a tool; answer with `sendToolResult({id, name, …})`. */
  | { type: 'tool_call'; id: string; name: string; args: Record<string, unknown> }
  /** The model no longer wants these calls' results (the caller interrupted). */
  | { type: 'tool_call_cancelled'; ids: string[] }
  /** The caller spoke over the model: drop every queued and playing model audio now (barge-in). */
  | { type: 'interrupted' }
  /** The model finished its turn (all its audio for the turn has been emitted). */
  | { type: 'turn_complete' }
  /** Usage so far, whole-session totals (replaces the previous one). */
  | { type: 'usage'; usage: VoiceUsage }
  /** The server said it will go away soon; the session resumes by itself (`resumed`) if it can. */
  | { type: 'going_away'; timeLeftMs: number }
  /** The session reconnected with its resumption handle; the conversation goes on. */
  | { type: 'resumed' }
  /** The session is over: `error` absent when closed by us, else what went wrong in words. */
  | { type: 'closed'; error?: string };
