import { z } from 'zod';

/**
 * What Twilio sends on a bidirectional Media Stream (text frames, JSON). Only the fields the
 * bridge reads are checked; others pass. `connected` and `dtmf` are read and ignored.
 */
export const twilioStreamMessage = z.discriminatedUnion('event', [
  z.object({ event: z.literal('connected') }),
  z.object({
    event: z.literal('start'),
    streamSid: z.string().min(1).max(100),
    start: z.object({
      /** The `<Parameter>`s of the TwiML's `<Stream>`: `token` binds the stream to its call. */
      customParameters: z.record(z.string(), z.string()).optional(),
      mediaFormat: z
        .object({ encoding: z.string(), sampleRate: z.number(), channels: z.number() })
        .partial()
        .optional(),
    }),
  }),
  z.object({
    event: z.literal('media'),
    /** base64 μ-law, 8 kHz mono (20 ms: 160 bytes). */
    media: z.object({ payload: z.string().max(64_000), track: z.string().optional() }),
  }),
  /** A mark we sent has been played (its name is ours). */
  z.object({ event: z.literal('mark'), mark: z.object({ name: z.string().max(100) }) }),
  z.object({ event: z.literal('dtmf') }),
  /** The call hung up (or the stream was stopped). */
  z.object({ event: z.literal('stop') }),
]);
export type TwilioStreamMessage = z.infer<typeof twilioStreamMessage>;

/** Reads one text frame; undefined when it is not one of the messages above. */
export function parseTwilioMessage(text: string): TwilioStreamMessage | undefined {
  try {
    const parsed = twilioStreamMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
