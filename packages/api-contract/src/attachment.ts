import { z } from 'zod';

/**
 * The most bytes one attachment may have (512 KiB). The body is JSON (base64 is 4/3 of the
 * bytes), so it stays under the 1 MiB JSON body limit every service and the gateway's proxy
 * enforce. A literal, so its type carries the value to type-only importers (the web app).
 */
export const maxAttachmentBytes = 524_288;

/** `POST /api/agent/agents/:id/attachments`: a file for the agent, written into its workspace. */
export const uploadAttachmentBody = z
  .object({
    /** The file's own name (a base name; folders are dropped, unsafe characters replaced). */
    name: z.string().trim().min(1).max(200),
    /** Its MIME type, as the browser reports it. */
    contentType: z
      .string()
      .max(200)
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a MIME type such as image/png'),
    /** The bytes, base64 (standard alphabet, padded); at most `maxAttachmentBytes` once decoded. */
    contentBase64: z
      .string()
      // Bigger than the limit allows, so an oversize file is told apart (413) from a bad body (400).
      .max(2 * maxAttachmentBytes)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'standard base64'),
  })
  .strict();

export type UploadAttachmentBody = z.infer<typeof uploadAttachmentBody>;

/** The `201` answer: where the file now is, so a prompt can point the agent at it. */
export const attachmentSchema = z.object({
  /** Its path relative to the agent's workspace (the runs' working directory): `attachments/…`. */
  path: z.string(),
  /** The name it was uploaded with. */
  name: z.string(),
  /** Size in bytes. */
  size: z.number().int(),
  /** The MIME type it was uploaded with. */
  contentType: z.string(),
});

export type Attachment = z.infer<typeof attachmentSchema>;
