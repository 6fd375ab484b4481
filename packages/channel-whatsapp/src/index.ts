export type { BackoffOptions } from './backoff.ts';
export type { WhatsAppConnection } from './connection.ts';
export {
  createWhatsAppChannel,
  type WhatsAppChannelOptions,
  whatsappCapabilities,
  whatsappChannel,
} from './driver.ts';
export type {
  WhatsAppConnectionUpdate,
  WhatsAppContextInfo,
  WhatsAppMediaContent,
  WhatsAppMediaDescriptor,
  WhatsAppMessage,
  WhatsAppMessageContent,
  WhatsAppMessageKey,
  WhatsAppOutboundContent,
  WhatsAppSocket,
  WhatsAppSocketEvents,
  WhatsAppSocketFactory,
  WhatsAppSocketOptions,
} from './socket.ts';
