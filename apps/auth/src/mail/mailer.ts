import type { Logger } from '@lifeosai/logger';

/** What a message is for; the web app and tests pick the link by it. */
export type MailKind = 'email-verification' | 'password-reset' | 'organization-invitation';

/** One message the auth service sends. Every message carries exactly one action link. */
export interface MailMessage {
  kind: MailKind;
  /** Recipient address. */
  to: string;
  subject: string;
  /** Plain-text body; it contains `url`. */
  text: string;
  /** The action link (verify, reset, accept the invitation). Treat it as a credential. */
  url: string;
}

/**
 * Sends mail. Contract: `send` resolves once the message is handed over (SMTP accepted it)
 * and rejects when it was not; better-auth turns a rejection into a failed request. It may
 * be called concurrently. It may try a transient failure once more, but must settle within a
 * bounded time (a request is waiting on it).
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The default mailer when no SMTP server is configured: writes the link to the log at
 * info — the terminal of whoever runs the platform, the only place it reaches in cloud mode.
 */
export function createLogMailer(logger: Logger): Mailer {
  return {
    async send(message) {
      logger.info({ mail: { kind: message.kind, to: message.to, url: message.url } }, message.subject);
    },
  };
}
