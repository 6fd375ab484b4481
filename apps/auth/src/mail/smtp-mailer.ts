import { randomUUID } from 'node:crypto';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { PlatformError } from '@lifeosai/errors';
import type { Mailer, MailMessage } from './mailer.ts';

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
  /** Longest wait for any one server reply (default 15 s). */
  timeoutMs?: number;
  /**
   * Whether the password may cross an unencrypted connection. Default: only to a loopback
   * server (a local relay); anywhere else the connection must be TLS.
   */
  allowPlaintextAuth?: boolean;
}

/**
 * A small SMTP client: one connection per message, EHLO, STARTTLS when offered, AUTH PLAIN,
 * one recipient, a base64 text/plain body. Enough for transactional mail to a relay; not a
 * general mail library. It refuses to send a password over an unencrypted connection to
 * anything but loopback.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const server = parseSmtpUrl(options.url);
  const fromAddress = addressOf(options.from);
  return {
    async send(message) {
      const session = await SmtpSession.open(server, options.timeoutMs ?? 15_000);
      try {
        await session.expect(220);
        let capabilities = await session.hello(options.clientName ?? 'localhost');
        if (!session.encrypted && capabilities.has('STARTTLS')) {
          await session.command('STARTTLS', 220);
          await session.upgrade(server.host);
          capabilities = await session.hello(options.clientName ?? 'localhost');
        }
        if (server.user !== undefined) {
          if (!session.encrypted && !(options.allowPlaintextAuth ?? isLoopback(server.host))) {
            throw new PlatformError(
              'SMTP_INSECURE',
              `SMTP server ${server.host} offers no TLS; refusing to send the password in clear. Use smtps:// or a server with STARTTLS.`,
            );
          }
          const token = Buffer.from(`\0${server.user}\0${server.password}`).toString('base64');
          await session.command(`AUTH PLAIN ${token}`, 235);
        }
        await session.command(`MAIL FROM:<${fromAddress}>`, 250);
        await session.command(`RCPT TO:<${addressOf(message.to)}>`, 250, 251);
        await session.command('DATA', 354);
        await session.command(`${formatMessage(options.from, message)}\r\n.`, 250);
        await session.command('QUIT', 221).catch(() => undefined);
      } finally {
        session.close();
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

/** One SMTP conversation: commands out, multi-line replies in. */
class SmtpSession {
  #socket: Socket;
  #buffer = '';
  #lines: string[] = [];
  #waiter: (() => void) | undefined;
  #failure: Error | undefined;
  readonly #timeoutMs: number;
  encrypted: boolean;

  private constructor(socket: Socket, encrypted: boolean, timeoutMs: number) {
    this.#socket = socket;
    this.encrypted = encrypted;
    this.#timeoutMs = timeoutMs;
    this.#listen();
  }

  static open(server: SmtpServer, timeoutMs: number): Promise<SmtpSession> {
    return new Promise((resolve, reject) => {
      const socket = server.implicitTls
        ? tlsConnect({ host: server.host, port: server.port, servername: serverName(server.host) })
        : tcpConnect({ host: server.host, port: server.port });
      const ready = server.implicitTls ? 'secureConnect' : 'connect';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`SMTP: no connection to ${server.host}:${server.port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`SMTP: cannot connect to ${server.host}:${server.port}: ${error.message}`));
      });
      socket.once(ready, () => {
        clearTimeout(timer);
        resolve(new SmtpSession(socket, server.implicitTls, timeoutMs));
      });
    });
  }

  async hello(clientName: string): Promise<Set<string>> {
    const reply = await this.command(`EHLO ${clientName}`, 250);
    return new Set(reply.slice(1).map((line) => line.split(' ')[0]!.toUpperCase()));
  }

  /** Sends one line and waits for a reply with one of `accepted` codes; returns its lines. */
  async command(line: string, ...accepted: number[]): Promise<string[]> {
    this.#socket.write(`${line}\r\n`);
    return this.expect(...accepted);
  }

  async expect(...accepted: number[]): Promise<string[]> {
    const reply: string[] = [];
    for (;;) {
      const line = await this.#nextLine();
      reply.push(line.slice(4));
      if (line[3] !== '-') {
        const code = Number(line.slice(0, 3));
        if (!accepted.includes(code)) throw new Error(`SMTP: the server answered "${line}"`);
        return reply;
      }
    }
  }

  async upgrade(host: string): Promise<void> {
    const plain = this.#socket;
    plain.removeAllListeners('data');
    this.#socket = await new Promise((resolve, reject) => {
      const secure = tlsConnect({ socket: plain, servername: serverName(host) }, () => resolve(secure));
      secure.once('error', reject);
    });
    this.encrypted = true;
    this.#listen();
  }

  close(): void {
    this.#socket.destroy();
  }

  #listen(): void {
    this.#socket.setEncoding('utf8');
    this.#socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      let end = this.#buffer.indexOf('\r\n');
      while (end >= 0) {
        this.#lines.push(this.#buffer.slice(0, end));
        this.#buffer = this.#buffer.slice(end + 2);
        end = this.#buffer.indexOf('\r\n');
      }
      this.#wake();
    });
    this.#socket.on('error', (error) => {
      this.#failure = error;
      this.#wake();
    });
    this.#socket.on('close', () => {
      this.#failure ??= new Error('SMTP: the server closed the connection');
      this.#wake();
    });
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  async #nextLine(): Promise<string> {
    const deadline = Date.now() + this.#timeoutMs;
    while (this.#lines.length === 0) {
      if (this.#failure) throw this.#failure;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`SMTP: no reply within ${this.#timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#lines.shift()!;
  }
}

/** RFC 5322 message with a base64 body (safe for any text) and dot-stuffing for DATA. */
function formatMessage(from: string, message: MailMessage): string {
  const headers = [
    `From: ${headerValue(from)}`,
    `To: ${headerValue(message.to)}`,
    `Subject: ${encodeWord(headerValue(message.subject))}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@lifeosai>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  const body = Buffer.from(message.text, 'utf8')
    .toString('base64')
    .replace(/.{1,76}/g, '$&\r\n');
  return `${headers.join('\r\n')}\r\n\r\n${body}`.replace(/\r\n\./g, '\r\n..').replace(/\r\n$/, '');
}

/** Header values never carry a line break (no header injection through a name or subject). */
function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

function encodeWord(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
}

/** `Name <a@b>` → `a@b`; a bare address is returned as is. */
function addressOf(value: string): string {
  const match = /<([^<>\s]+)>\s*$/.exec(value);
  const address = (match ? match[1]! : value).trim();
  if (/[\s<>\r\n]/.test(address) || !address.includes('@')) {
    throw new PlatformError('MAIL_ADDRESS_INVALID', `"${address}" is not a mail address.`, { status: 400 });
  }
  return address;
}

function serverName(host: string): string | undefined {
  return isIP(host) ? undefined : host;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
