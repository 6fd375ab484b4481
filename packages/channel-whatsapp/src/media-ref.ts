import type { WhatsAppMediaDescriptor } from './socket.ts';

/**
 * An inbound file's `ref`: everything needed to download it (the message id, the media's
 * key and path on WhatsApp's servers), base64url JSON. It carries the file's decryption key,
 * so the platform keeps it like the message itself (the journal, not logs); it lets a
 * download happen after a restart, when the socket no longer holds the message.
 */
export function encodeMediaRef(media: WhatsAppMediaDescriptor): string {
  return Buffer.from(JSON.stringify({ v: 1, ...media }), 'utf8').toString('base64url');
}

/** The descriptor of a `ref`; undefined when it is not one of ours. */
export function decodeMediaRef(ref: string): WhatsAppMediaDescriptor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(ref, 'base64url').toString('utf8')) as Record<string, unknown>;
    const kinds = ['image', 'audio', 'document', 'video'];
    if (parsed.v !== 1 || typeof parsed.messageId !== 'string' || !kinds.includes(parsed.kind as string)) {
      return undefined;
    }
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return {
      messageId: parsed.messageId,
      kind: parsed.kind as WhatsAppMediaDescriptor['kind'],
      mediaKey: text(parsed.mediaKey),
      directPath: text(parsed.directPath),
      url: text(parsed.url),
      size: typeof parsed.size === 'number' ? parsed.size : undefined,
    };
  } catch {
    return undefined;
  }
}
