import type { WhatsAppMediaDescriptor, WhatsAppSocket } from './socket.ts';

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

/** An inbound file's bytes by its `ref`, refused past `maxBytes` (before reading when the size is known). */
export async function downloadMedia(
  socket: WhatsAppSocket | undefined,
  ref: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const media = decodeMediaRef(ref);
  if (!media) throw new Error('This is not a WhatsApp file reference.');
  const tooBig = () => new Error(`The file is larger than ${maxBytes} bytes; it was not downloaded.`);
  if (media.size !== undefined && media.size > maxBytes) throw tooBig();
  if (!socket) throw new Error('WhatsApp is not connected; the file can be downloaded once it is.');
  const bytes = await socket.downloadMedia(media, maxBytes);
  if (bytes.byteLength > maxBytes) throw tooBig();
  return bytes;
}
