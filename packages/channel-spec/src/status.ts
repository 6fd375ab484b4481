/** A connection's state as the API shows it (`status` of a channel). */
export type ChannelStatus = 'connecting' | 'waiting_for_login' | 'connected' | 'error' | 'stopped';

/**
 * What a connection tells the platform about itself. `message` is plain words for the owner
 * ("The bot token was revoked in BotFather: connect the bot again with a new token."), never
 * a stack or a token.
 */
export type ChannelStatusUpdate =
  | { status: 'connecting' }
  | { status: 'connected'; account?: { id: string; name: string } }
  /** Interactive login: a QR code to show (its text; the web app draws it), or a pairing code. */
  | { status: 'waiting_for_login'; qr?: string; pairingCode?: string }
  /**
   * A failure. `retrying`: the connection tries again by itself (backoff) and says when it is
   * back; otherwise it has stopped and waits for the owner (`fatal` reasons below).
   */
  | {
      status: 'error';
      message: string;
      retrying: boolean;
      reason?: 'conflict' | 'logged_out' | 'credentials_invalid' | 'network' | 'rate_limited' | 'unknown';
    }
  | { status: 'stopped' };
