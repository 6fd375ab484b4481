import { z } from 'zod';
import { idSchema } from './fields.ts';

/** `:id` (the run) and `:requestId` (its `permission_request`'s `requestId`). */
export const permissionAnswerParams = z.object({
  id: idSchema,
  requestId: z.string().min(1).max(200),
});

/*
 * Control characters (other than tab and line breaks) are refused: the message reaches the
 * model as text, and unescaped it must fit one bus notice (JSON-escaped, each would take
 * six bytes).
 */
function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** `POST /api/agent/runs/:id/permissions/:requestId`: a person allows or denies a tool call. */
export const permissionAnswerBody = z
  .object({
    decision: z.enum(['allow', 'deny']),
    /** With a denial: what the model is told. */
    message: z
      .string()
      .max(2000)
      .refine((text) => !hasControlCharacters(text), 'must not contain control characters')
      .optional()
      .describe('With a denial: what the model is told.'),
  })
  .strict();

export type PermissionAnswerBody = z.infer<typeof permissionAnswerBody>;

/** The `202` answer: the decision is recorded (the run's `permission_resolved` follows). */
export const permissionAnswerSchema = z.object({
  runId: z.string(),
  requestId: z.string(),
  decision: z.enum(['allow', 'deny']),
});

export type PermissionAnswer = z.infer<typeof permissionAnswerSchema>;
