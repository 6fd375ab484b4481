import {
  type AnyMessageContent,
  type AuthenticationState,
  downloadContentFromMessage,
  makeWASocket,
  type WAMessage,
  type WAMessageKey,
} from 'baileys';
import { quietLogger } from './auth-state.ts';
import type { WhatsAppOutboundContent, WhatsAppSocket, WhatsAppSocketFactory } from './socket.ts';

/**
 * The real socket: Baileys' `makeWASocket` behind our `WhatsAppSocket`. The only file that
 * touches Baileys' socket and message types; the driver loads it when a connection starts.
 */
export const baileysSocketFactory: WhatsAppSocketFactory = ({ auth, waWebSocketUrl, log }) => {
  const socket = makeWASocket({
    auth: auth as AuthenticationState,
    logger: quietLogger(log),
    ...(waWebSocketUrl ? { waWebSocketUrl } : {}),
    // The phone keeps its notifications: the agent is a linked device, not the person reading.
    markOnlineOnConnect: false,
    // Old chats are not the agent's business; only new messages (`notify`) are answered.
    syncFullHistory: false,
  });

  const wrapper: WhatsAppSocket = {
    on(event, listener) {
      if (event === 'connection.update') {
        socket.ev.on('connection.update', (update) => {
          const error = update.lastDisconnect?.error as
            | { output?: { statusCode?: number }; message?: string }
            | undefined;
          (listener as (payload: unknown) => void)({
            ...(update.connection ? { connection: update.connection } : {}),
            ...(update.qr ? { qr: update.qr } : {}),
            ...(update.lastDisconnect
              ? { lastDisconnect: { statusCode: error?.output?.statusCode, message: error?.message } }
              : {}),
          });
        });
      } else if (event === 'creds.update') {
        socket.ev.on('creds.update', (update) => (listener as (payload: unknown) => void)(update));
      } else {
        socket.ev.on('messages.upsert', ({ messages, type }) =>
          (listener as (payload: unknown) => void)({ messages, type }),
        );
      }
    },
    async sendMessage(jid, content, options) {
      const sent = await withCode(() =>
        socket.sendMessage(jid, toBaileysContent(content), {
          ...(options.messageId ? { messageId: options.messageId } : {}),
          ...(options.quoted ? { quoted: options.quoted as WAMessage } : {}),
        }),
      );
      return { id: sent?.key.id ?? options.messageId ?? '' };
    },
    sendPresenceUpdate: (type, jid) => withCode(() => socket.sendPresenceUpdate(type, jid)),
    readMessages: (keys) => withCode(() => socket.readMessages(keys as WAMessageKey[])),
    requestPairingCode: (digits) => withCode(() => socket.requestPairingCode(digits)),
    logout: () => withCode(() => socket.logout()),
    end: () => socket.end(undefined),
    async downloadMedia(media, maxBytes) {
      const stream = await withCode(() =>
        downloadContentFromMessage(
          {
            mediaKey: media.mediaKey ? Buffer.from(media.mediaKey, 'base64') : undefined,
            directPath: media.directPath,
            url: media.url,
          },
          media.kind,
        ),
      );
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.byteLength;
        if (total > maxBytes) {
          stream.destroy();
          throw new Error(`The file is larger than ${maxBytes} bytes; it was not downloaded.`);
        }
        chunks.push(chunk);
      }
      return new Uint8Array(Buffer.concat(chunks));
    },
    async phoneJidForLid(lidJid) {
      return socket.signalRepository.lidMapping.getPNForLID(lidJid);
    },
  };
  return wrapper;
};

function toBaileysContent(content: WhatsAppOutboundContent): AnyMessageContent {
  const bytes = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if ('text' in content)
    return content.edit ? { text: content.text, edit: content.edit as WAMessageKey } : { text: content.text };
  if ('image' in content) return { ...content, image: bytes(content.image) };
  if ('audio' in content) return { ...content, audio: bytes(content.audio) };
  return { ...content, document: bytes(content.document) };
}

/** Baileys rejects with Boom errors; ours carry the code as `statusCode`, as `WhatsAppSocket` says. */
async function withCode<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const statusCode = (error as { output?: { statusCode?: number } } | null)?.output?.statusCode;
    if (error instanceof Error && typeof statusCode === 'number') {
      throw Object.assign(new Error(error.message), { statusCode });
    }
    throw error;
  }
}
