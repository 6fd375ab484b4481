import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer } from './smtp-mailer.ts';

/**
 * A fake SMTP server on loopback that records the conversation and the message. `recipient`
 * decides its answers to RCPT: a permanent refusal, or a temporary one the first time only.
 */
async function startFakeSmtp(options: { recipient?: 'refused' | 'busy-once' } = {}) {
  const commands: string[] = [];
  let recipients = 0;
  const messages: string[] = [];
  const server: Server = createServer((socket: Socket) => {
    let buffer = '';
    let data: string[] | undefined;
    socket.setEncoding('utf8');
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\r\n');
      while (end >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\r\n');
        if (data) {
          if (line === '.') {
            messages.push(data.join('\r\n'));
            data = undefined;
            socket.write('250 queued\r\n');
          } else data.push(line);
          continue;
        }
        commands.push(line);
        const verb = line.split(' ')[0]!.toUpperCase();
        if (verb === 'EHLO') socket.write('250-fake\r\n250-AUTH PLAIN\r\n250 SIZE 1000000\r\n');
        else if (verb === 'AUTH') socket.write('235 ok\r\n');
        else if (verb === 'MAIL') socket.write('250 ok\r\n');
        else if (verb === 'RCPT') {
          recipients += 1;
          if (options.recipient === 'refused') socket.write('550 no such user\r\n');
          else if (options.recipient === 'busy-once' && recipients === 1)
            socket.write('451 try again later\r\n');
          else socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          data = [];
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('502 not implemented\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    commands,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header's value, unfolded, with RFC 2047 encoded words (B) decoded. */
function headerValue(head: string, name: string): string {
  const line = head
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .find((header) => header.startsWith(`${name}: `));
  return (line ?? '')
    .slice(name.length + 2)
    .replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, text: string) =>
      Buffer.from(text, 'base64').toString('utf8'),
    )
    .trim();
}

/** The body as the recipient reads it: base64 decoded, or 7-bit with SMTP's dot-stuffing undone. */
function bodyText(head: string, body: string): string {
  if (/^Content-Transfer-Encoding: base64$/im.test(head)) {
    return Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
  }
  return body.replace(/^\.\./gm, '.').replace(/\r\n/g, '\n');
}

const message = {
  kind: 'password-reset' as const,
  to: 'ada@example.com',
  subject: 'Réinitialiser\r\nBcc: evil@example.com',
  text: 'Reset here:\nhttp://127.0.0.1:3000/api/auth/reset-password/abc\n.\nend',
  url: 'http://127.0.0.1:3000/api/auth/reset-password/abc',
};

describe('createSmtpMailer', () => {
  const servers: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });

  it('authenticates and sends one base64 text message to the recipient', async () => {
    const smtp = await startFakeSmtp();
    servers.push(smtp);
    const mailer = createSmtpMailer({
      url: `smtp://mailer%40example.com:p%40ss@127.0.0.1:${smtp.port}`,
      from: 'LIFEOSAI <no-reply@example.com>',
    });
    await mailer.send(message);

    // nodemailer closes the connection once the message is accepted (no QUIT).
    expect(smtp.commands).toEqual([
      'EHLO localhost',
      `AUTH PLAIN ${Buffer.from('\0mailer@example.com\0p@ss').toString('base64')}`,
      'MAIL FROM:<no-reply@example.com>',
      'RCPT TO:<ada@example.com>',
      'DATA',
    ]);
    const [raw = ''] = smtp.messages;
    const split = raw.indexOf('\r\n\r\n');
    const head = raw.slice(0, split);
    expect(head).toContain('From: LIFEOSAI <no-reply@example.com>');
    expect(head).toContain('To: ada@example.com');
    expect(head).toContain('Content-Type: text/plain; charset=utf-8');
    // Non-ASCII is encoded, and a line break in a header value cannot start a new header.
    expect(headerValue(head, 'Subject')).toBe('Réinitialiser Bcc: evil@example.com');
    expect(head).not.toMatch(/^Bcc:/m);
    expect(bodyText(head, raw.slice(split + 4))).toBe(message.text);
  });

  it('rejects at once when the server refuses the recipient for good', async () => {
    const smtp = await startFakeSmtp({ recipient: 'refused' });
    servers.push(smtp);
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: 'no-reply@example.com' });
    await expect(mailer.send(message)).rejects.toThrow('SMTP: the server answered "550 no such user"');
    expect(smtp.commands.filter((command) => command.startsWith('RCPT'))).toHaveLength(1);
  });

  it('tries a temporary refusal once more, on a new connection', async () => {
    const smtp = await startFakeSmtp({ recipient: 'busy-once' });
    servers.push(smtp);
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${smtp.port}`,
      from: 'no-reply@example.com',
      retryDelayMs: 10,
    });
    await mailer.send(message);
    expect(smtp.commands.filter((command) => command.startsWith('EHLO'))).toHaveLength(2);
    expect(smtp.messages).toHaveLength(1);
  });

  it('says when no server answers, after one more try', async () => {
    const smtp = await startFakeSmtp();
    await smtp.stop();
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${smtp.port}`,
      from: 'no-reply@example.com',
      retryDelayMs: 10,
      timeoutMs: 2000,
    });
    await expect(mailer.send(message)).rejects.toThrow(/^SMTP: .*ECONNREFUSED/);
  });

  it('refuses to send a password over a connection without TLS unless allowed', async () => {
    const smtp = await startFakeSmtp();
    servers.push(smtp);
    const mailer = createSmtpMailer({
      url: `smtp://user:secret@127.0.0.1:${smtp.port}`,
      from: 'no-reply@example.com',
      allowPlaintextAuth: false,
    });
    await expect(mailer.send(message)).rejects.toThrow(
      /offers no TLS; refusing to send the password in clear/,
    );
    expect(smtp.commands.some((command) => command.startsWith('AUTH'))).toBe(false);
  });

  it('explains a bad SMTP_URL', () => {
    expect(() => createSmtpMailer({ url: 'http://mail.example.com', from: 'a@b.c' })).toThrow(
      /SMTP_URL must start with smtp:\/\/ or smtps:\/\//,
    );
  });
});
