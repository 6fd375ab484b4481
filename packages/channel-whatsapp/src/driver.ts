import type { ChannelCapabilities, ChannelDriver } from '@lifeosai/channel-spec';
import { WhatsAppConnection, type WhatsAppConnectionOptions } from './connection.ts';
import { formatForWhatsApp } from './format/index.ts';

/** What WhatsApp lets the channel do. */
export const whatsappCapabilities: ChannelCapabilities = {
  // WhatsApp accepts up to 65,536 characters in one message, but phones fold long messages
  // behind "Read more" and render very long ones slowly; 4096 keeps each part readable and
  // splits a reply the same way as on Telegram.
  textLimit: 4096,
  media: { images: true, voice: true, documents: true },
  // WhatsApp's own limit for photos and voice notes (documents may be larger, but one limit
  // for all kinds keeps the platform's checks simple).
  maxMediaBytes: 16 * 1024 * 1024,
  typing: true,
  edits: true,
  buttons: false,
  groups: true,
  markup: 'whatsapp',
  webhook: false,
  interactiveLogin: true,
};

/** Options of `createWhatsAppChannel`; the defaults are production's. */
export type WhatsAppChannelOptions = Omit<WhatsAppConnectionOptions, 'maxMediaBytes'>;

/**
 * A WhatsApp driver. Tests inject the socket (`socketFactory`, the fake from
 * `@lifeosai/testkit/fake-whatsapp`) or point the real one at a local server (`waWebSocketUrl`).
 */
export function createWhatsAppChannel(options: WhatsAppChannelOptions = {}) {
  return {
    specificationVersion: 'v1',
    type: 'whatsapp',
    displayName: 'WhatsApp',
    capabilities: whatsappCapabilities,
    format: (markdown: string) => formatForWhatsApp(markdown, whatsappCapabilities.textLimit),
    connect: (context) =>
      new WhatsAppConnection(context, { ...options, maxMediaBytes: whatsappCapabilities.maxMediaBytes }),
  } satisfies ChannelDriver;
}

/** The driver the Agent API registers: Baileys against WhatsApp Web. */
export const whatsappChannel = createWhatsAppChannel();
