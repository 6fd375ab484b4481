import { z } from 'zod';

/**
 * The browser call's WebSocket: `GET /api/agent/agents/:id/call[?sessionId=]` upgraded, through
 * the web origin and the gateway (session cookie). Binary frames from the browser are the
 * microphone as PCM16 little-endian mono at `ready.sampleRates.input`; binary frames to it are
 * the agent's voice as PCM16 little-endian mono at `ready.sampleRates.output`. Text frames are
 * JSON, one message each (below).
 */
export const callSocketPath = (agentId: string) => `/api/agent/agents/${encodeURIComponent(agentId)}/call`;

/** What the browser may send as text. */
export const callClientMessageSchema = z.discriminatedUnion('type', [
  /** Hang up. */
  z.object({ type: z.literal('hangup') }),
]);
export type CallClientMessage = z.infer<typeof callClientMessageSchema>;

/** What the bridge sends as text. */
export const callServerMessageSchema = z.discriminatedUnion('type', [
  /** The call is connected: send audio at `input`, play audio at `output`. */
  z.object({
    type: z.literal('ready'),
    callId: z.string(),
    sessionId: z.string().nullable(),
    sampleRates: z.object({ input: z.number().int(), output: z.number().int() }),
  }),
  /** A piece of the transcript; `final` ends that side's turn. */
  z.object({
    type: z.literal('transcript'),
    role: z.enum(['caller', 'agent']),
    text: z.string(),
    final: z.boolean(),
  }),
  /** The caller spoke over the agent: stop and drop the agent's audio queued for playback. */
  z.object({ type: z.literal('clear') }),
  /** The agent is working on a question (`runId` once its run exists) or has answered. */
  z.object({ type: z.literal('thinking'), active: z.boolean(), runId: z.string().optional() }),
  /** The call is over; `reason` in words. The socket closes after this. */
  z.object({ type: z.literal('ended'), reason: z.string(), failed: z.boolean() }),
]);
export type CallServerMessage = z.infer<typeof callServerMessageSchema>;
