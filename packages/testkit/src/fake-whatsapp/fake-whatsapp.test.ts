import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createFakeWhatsApp, fakeWhatsAppMessage, startClosingWebSocketServer } from './index.ts';

const log = { debug() {}, info() {}, warn() {}, error() {} };

describe('fake WhatsApp socket', () => {
  it('emits what the test drives, in order, and records what was called', async () => {
    const fake = createFakeWhatsApp();
    const waiting = fake.socket(1);
    const socket = fake.factory({ auth: {}, log });
    expect(await waiting).toBe(socket);
    const events: unknown[] = [];
    socket.on('connection.update', (update) => events.push(['connection', update]));
    socket.on('creds.update', (update) => events.push(['creds', update]));
    socket.on('messages.upsert', (upsert) => events.push(['upsert', upsert.type, upsert.messages.length]));
    socket.emitQr('qr');
    socket.open('+33 6 12 34 56 78', { lid: '42' });
    socket.emitMessages([fakeWhatsAppMessage({ from: '+1555', text: 'x' })], 'append');
    socket.close(440);
    expect(events).toEqual([
      ['connection', { qr: 'qr' }],
      ['creds', { me: { id: '33612345678:7@s.whatsapp.net', name: 'Fake phone', lid: '42:7@lid' } }],
      ['connection', { connection: 'open' }],
      ['upsert', 'append', 1],
      ['connection', { connection: 'close', lastDisconnect: { statusCode: 440, message: 'fake close' } }],
    ]);

    socket.failNext('sendMessage', 428);
    await expect(
      socket.sendMessage('1@s.whatsapp.net', { text: 'a' }, { messageId: 'ID' }),
    ).rejects.toMatchObject({
      statusCode: 428,
    });
    await expect(socket.sendMessage('1@s.whatsapp.net', { text: 'a' }, { messageId: 'ID' })).resolves.toEqual(
      { id: 'ID' },
    );
    expect(socket.sent).toHaveLength(1);
    await socket.logout();
    expect(socket.loggedOut).toBe(true);
  });

  it('builds group, LID and media messages as Baileys 7 delivers them', () => {
    const message = fakeWhatsAppMessage({
      from: '+33612345678',
      lid: '777',
      group: '1203@g.us',
      id: 'X',
      text: 'see',
      image: {},
      mentions: ['1@s.whatsapp.net'],
    });
    expect(message.key).toEqual({
      remoteJid: '1203@g.us',
      participant: '777@lid',
      participantAlt: '33612345678@s.whatsapp.net',
      id: 'X',
      fromMe: false,
    });
    expect(message.message?.imageMessage).toMatchObject({
      caption: 'see',
      contextInfo: { mentionedJid: ['1@s.whatsapp.net'] },
    });
  });
});

it('the closing WebSocket server completes the handshake, then closes, and counts attempts', async () => {
  await using server = await startClosingWebSocketServer();
  const url = new URL(server.url);
  const closed = await new Promise<{ status: number; accept: string; bytes: number[] }>((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
      },
    });
    req.on('upgrade', (response, socket) => {
      const bytes: number[] = [];
      socket.on('data', (chunk: Buffer) => bytes.push(...chunk));
      socket.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          accept: String(response.headers['sec-websocket-accept']),
          bytes,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
  expect(closed).toEqual({
    status: 101,
    accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    bytes: [0x88, 0x02, 0x03, 0xe8],
  });
  expect(server.attempts).toHaveLength(1);
});
