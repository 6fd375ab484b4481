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
 * be called concurrently and must not retry on its own.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A message as the local-mode mailbox keeps it. */
export interface RecordedMail extends MailMessage {
  /** ISO time the message was sent. */
  sentAt: string;
}

/**
 * The default mailer when no SMTP server is configured: writes the link to the log at
 * info, so a person running the platform locally can follow it.
 */
export function createLogMailer(logger: Logger): Mailer {
  return {
    async send(message) {
      logger.info({ mail: { kind: message.kind, to: message.to, url: message.url } }, message.subject);
    },
  };
}

/**
 * Local mode only: keeps the last few messages per recipient in memory (bounded) so the web
 * app can show the link (`GET /api/auth/dev/last-email?to=`), after handing each to `inner`.
 */
export function createRecordingMailer(inner: Mailer, recipients = 200, perRecipient = 10) {
  const byRecipient = new Map<string, RecordedMail[]>();
  return {
    async send(message: MailMessage) {
      await inner.send(message);
      const key = message.to.toLowerCase();
      const recent = byRecipient.get(key) ?? [];
      byRecipient.delete(key);
      byRecipient.set(
        key,
        [{ ...message, sentAt: new Date().toISOString() }, ...recent].slice(0, perRecipient),
      );
      if (byRecipient.size > recipients) {
        const oldest = byRecipient.keys().next().value;
        if (oldest !== undefined) byRecipient.delete(oldest);
      }
    },
    /** The newest message sent to `to` (case-insensitive), of `kind` when given. */
    lastTo(to: string, kind?: MailKind): RecordedMail | undefined {
      return byRecipient.get(to.toLowerCase())?.find((mail) => !kind || mail.kind === kind);
    },
  } satisfies Mailer & { lastTo(to: string, kind?: MailKind): RecordedMail | undefined };
}

export type RecordingMailer = ReturnType<typeof createRecordingMailer>;
