/**
 * What a closed socket means, by Baileys' `DisconnectReason` code, and what the connection
 * does next. Pure, so every path is tested without a socket.
 */
export type CloseAction =
  /** 515 after the phone linked: WhatsApp asks for a fresh socket, at once. */
  | { kind: 'restart' }
  /** 401: this device was unlinked; the auth state is wiped and the owner links again. */
  | { kind: 'logged_out'; message: string }
  /** 440: the same session was opened elsewhere; stop instead of fighting over it. */
  | { kind: 'conflict'; message: string }
  /** 408 while a QR code was showing: nobody scanned it in time; stop waiting. */
  | { kind: 'login_expired'; message: string }
  /** Anything else: the network or WhatsApp failed; try again after a backoff. */
  | { kind: 'retry'; message: string };

/** Baileys' codes (its `DisconnectReason`), named here so the driver loads without Baileys. */
export const DISCONNECT = {
  loggedOut: 401,
  timedOut: 408,
  connectionClosed: 428,
  connectionReplaced: 440,
  badSession: 500,
  restartRequired: 515,
} as const;

export function closeAction(
  statusCode: number | undefined,
  state: { waitingForLogin: boolean },
): CloseAction {
  switch (statusCode) {
    case DISCONNECT.restartRequired:
      return { kind: 'restart' };
    case DISCONNECT.loggedOut:
      return {
        kind: 'logged_out',
        message:
          'WhatsApp logged this number out (the linked device was removed on the phone, or the session expired). ' +
          'Link the number again from the channel page: scan the new QR code or ask for a pairing code.',
      };
    case DISCONNECT.connectionReplaced:
      return {
        kind: 'conflict',
        message:
          'This WhatsApp session was opened somewhere else (another computer or another connection using the same ' +
          'linked device), which replaced this one. Close the other session, then start this channel again.',
      };
    case DISCONNECT.timedOut:
      // 408 is also Baileys' "connection lost" code: only while a QR code is showing does it
      // mean the codes ran out.
      if (state.waitingForLogin) {
        return {
          kind: 'login_expired',
          message:
            'The QR code expired before a phone scanned it. Start the login again to get a new code ' +
            '(or ask for a pairing code).',
        };
      }
      return { kind: 'retry', message: 'The connection to WhatsApp timed out.' };
    default:
      return {
        kind: 'retry',
        message: `The connection to WhatsApp closed${statusCode ? ` (code ${statusCode})` : ''}.`,
      };
  }
}
