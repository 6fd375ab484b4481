import { z } from 'zod';

/** Every 4xx/5xx body: `{"error":{"code","message"}}` (`PlatformError.toBody()`). */
export const errorBodySchema = z.object({
  error: z.object({
    /** UPPER_SNAKE and stable: clients switch on it. */
    code: z
      .string()
      .regex(/^[A-Z0-9_]+$/)
      .describe('UPPER_SNAKE, stable: clients switch on it.'),
    /** What happened and what to do, for a person. */
    message: z.string().describe('What happened and what to do.'),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;
