import { createRequire } from 'node:module';
import { PlatformError } from '@lifeosai/errors';
import type nodemailerModule from 'nodemailer';
import type { Mailer } from './mailer.ts';

const require = createRequire(import.meta.url);

export interface SmtpMailerOptions {
  /**
   * `smtp://user:password@host:587` (upgrades with STARTTLS when the server offers it) or
   * `smtps://user:password@host:465` (TLS from the start). User and password are optional.
   */
  url: string;
  /** The From address, e.g. `LIFEOSAI <no-reply@example.com>`. */
  from: string;
  /** Name this host gives in EHLO (default `localhost`). */
  clientName?: string;
  /** Longest wait to connect, for the greeting and for any one reply (default 15 s). */
  timeoutMs?: number;
  /** Pause before the one retry of a transient failure (default 1 s). */
  retryDelayMs?: number;
  /**
   * Whether the password may cross an unencrypted connection. Default: only to a loopback
   * server (a local relay); anywhere else the connection must be TLS (STARTTLS required).
   */
  allowPlaintextAuth?: boolean;
}

/**
 * Sends each message over SMTP with nodemailer: one connection per message, STARTTLS when the
 * server offers it (required before a password, except to loopback), whichever AUTH mechanism
 * the server supports, a text/plain UTF-8 body, header values that cannot carry line breaks. A
 * transient failure — a 4xx answer, a dropped or refused connection, a timeout — is tried once
 * more; a permanent one (5xx: no such user, bad credentials) rejects at once.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const server = parseSmtpUrl(options.url);
  const timeout = options.timeoutMs ?? 15_000;
  const plaintextAllowed = options.allowPlaintextAuth ?? isLoopback(server.host);
  // Loaded when SMTP is configured, not before: an auth service without it never holds it.
  const nodemailer = require('nodemailer') as typeof nodemailerModule;
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.implicitTls,
    requireTLS: !server.implicitTls && server.user !== undefined && !plaintextAllowed,
    ...(server.user !== undefined && { auth: { user: server.user, pass: server.password ?? '' } }),
    name: options.clientName ?? 'localhost',
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(message) {
      const mail = {
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        // Plain ASCII goes as is; anything else as base64, safe for any line length.
        textEncoding: 'base64' as const,
      };
      try {
        await transport.sendMail(mail);
      } catch (error) {
        if (!isTransient(error)) throw explain(error, server.host);
        await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 1000));
        await transport.sendMail(mail).catch((again: unknown) => {
          throw explain(again, server.host);
        });
      }
    },
  };
}

interface SmtpServer {
  host: string;
  port: number;
  implicitTls: boolean;
  user?: string;
  password?: string;
}

function parseSmtpUrl(text: string): SmtpServer {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PlatformError('CONFIG_INVALID', 'SMTP_URL must be a URL like smtp://user:password@host:587.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new PlatformError(
      'CONFIG_INVALID',
      `SMTP_URL must start with smtp:// or smtps:// (got ${url.protocol}//).`,
    );
  }
  const implicitTls = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : implicitTls ? 465 : 587,
    implicitTls,
    ...(url.username && {
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    }),
  };
}

/** What nodemailer puts on a failure. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const transientCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']);

function isTransient(error: unknown): boolean {
  const failure = error as SmtpFailure;
  if (failure.responseCode !== undefined) return failure.responseCode >= 400 && failure.responseCode < 500;
  return failure.code !== undefined && transientCodes.has(failure.code);
}

/** nodemailer's error in words that name the server's answer, never the password. */
function explain(error: unknown, host: string): Error {
  const failure = error as SmtpFailure;
  if (failure.code === 'ETLS' || /STARTTLS/i.test(failure.message ?? '')) {
    return new PlatformError(
      'SMTP_INSECURE',
      `SMTP server ${host} offers no TLS; refusing to send the password in clear. Use smtps:// or a server with STARTTLS.`,
      { cause: error },
    );
  }
  if (failure.response) return new Error(`SMTP: the server answered "${failure.response}"`, { cause: error });
  return new Error(`SMTP: ${failure.message ?? String(error)}`, { cause: error });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
