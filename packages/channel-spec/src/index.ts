export type { ChannelStateStore } from './auth-state.ts';
export type { ChannelCapabilities } from './capabilities.ts';
export {
  type ChannelAccount,
  type ChannelConnection,
  type ChannelContext,
  type ChannelCredentials,
  ChannelCredentialsError,
  type ChannelDriver,
  type ChannelLog,
  ChannelSendError,
  type ChannelTransport,
} from './driver.ts';
export type {
  ButtonRow,
  ChatRef,
  InboundMedia,
  InboundMessage,
  OutboundMedia,
  OutboundMessage,
  SenderRef,
  SentMessage,
} from './messages.ts';
export type { ChannelStatus, ChannelStatusUpdate } from './status.ts';
