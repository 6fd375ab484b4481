/**
 * What a network lets a channel do; the platform reads these flags, never the network's name.
 * A flag that is false means the platform does not ask for it (no typing indicator, no edited
 * progress message, permission questions as text instead of buttons, …).
 */
export interface ChannelCapabilities {
  /** Largest text of one message, in UTF-16 code units (Telegram 4096); longer replies are split. */
  textLimit: number;
  /** Media kinds a message may carry, in and out. */
  media: { images: boolean; voice: boolean; documents: boolean };
  /** Largest file sent or received, in bytes. */
  maxMediaBytes: number;
  /** A "typing…" indicator while the agent works. */
  typing: boolean;
  /** A sent message can be edited (a progress message that becomes the answer). */
  edits: boolean;
  /** Inline buttons under a message (permission answers in the owner's own chat). */
  buttons: boolean;
  /** Group chats (answered only when the bot is mentioned or replied to). */
  groups: boolean;
  /**
   * What the network renders: `html` (Telegram's HTML subset), `whatsapp` (*bold* _italic_
   * ~strike~ ```code```), `plain`. The channel package converts the agent's markdown itself
   * (`ChannelConnection.send` receives markdown); this flag is for display and tests.
   */
  markup: 'html' | 'whatsapp' | 'plain';
  /** Updates may arrive by webhook instead of polling or a socket (Telegram). */
  webhook: boolean;
  /** The account is linked by scanning a QR code or typing a pairing code (WhatsApp). */
  interactiveLogin: boolean;
}
