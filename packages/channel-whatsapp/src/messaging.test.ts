import { setTimeout as sleep } from 'node:timers/promises';
import type { InboundMessage } from '@lifeosai/channel-spec';
import { ChannelSendError } from '@lifeosai/channel-spec';
import { createFakeWhatsApp, fakeWhatsAppMessage } from '@lifeosai/testkit/fake-whatsapp';
import { describe, expect, it } from 'vitest';
import { createWhatsAppChannel } from './driver.ts';
import { messageIdFor } from './outbound.ts';
import { testContext } from './test-support.ts';

const OWNER = '+33612345678';
const GROUP = '120363025246125486@g.us';

/** A connected driver on the fake socket; `onInbound` replaceable per test. */
async function connected(onInbound?: (messages: InboundMessage[]) => Promise<void>) {
  const fake = createFakeWhatsApp();
  const driver = createWhatsAppChannel({
    socketFactory: fake.factory,
    inboundRetry: { initialDelayMs: 20, maxDelayMs: 40 },
  });
  const test = testContext(onInbound ? { onInbound } : {});
  const connection = driver.connect(test.context);
  await connection.start();
  const socket = await fake.socket(1);
  socket.open('+15550001111', { lid: '99887766' });
  await expect.poll(() => test.statuses.at(-1)?.status).toBe('connected');
  return { fake, socket, connection, driver, ...test };
}

describe('WhatsApp inbound', () => {
  it('journals a private text, then sends the read receipt', async () => {
    const { socket, connection, inbound } = await connected();
    socket.emitMessages([fakeWhatsAppMessage({ from: OWNER, id: 'M1', text: 'hello', name: 'Ada' })]);
    await expect.poll(() => socket.reads).toHaveLength(1);
    expect(inbound).toEqual([
      {
        networkMessageId: '33612345678@s.whatsapp.net:M1',
        chat: { id: '33612345678@s.whatsapp.net', kind: 'private', title: 'Ada' },
        sender: { id: '+33612345678', name: 'Ada' },
        text: 'hello',
        mentioned: true,
        sentAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect(socket.reads[0]).toEqual([{ remoteJid: '33612345678@s.whatsapp.net', id: 'M1', fromMe: false }]);
    await connection.stop();
  });

  it('skips our own messages, status broadcasts, protocol messages and history (append)', async () => {
    const { socket, connection, inbound } = await connected();
    socket.emitMessages([
      fakeWhatsAppMessage({ from: OWNER, text: 'mine', fromMe: true }),
      {
        key: { remoteJid: 'status@broadcast', id: 'S1', participant: '33612345678@s.whatsapp.net' },
        message: { conversation: 'story' },
      },
      {
        key: { remoteJid: '33612345678@s.whatsapp.net', id: 'P1' },
        message: { protocolMessage: { type: 0 } },
      },
    ]);
    socket.emitMessages([fakeWhatsAppMessage({ from: OWNER, text: 'old' })], 'append');
    const malformed = fakeWhatsAppMessage({ from: OWNER, image: {} });
    malformed.message!.imageMessage!.fileLength = {
      toNumber: () => {
        throw new Error('not a Long');
      },
    };
    socket.emitMessages([malformed]);
    socket.emitMessages([fakeWhatsAppMessage({ from: OWNER, id: 'LAST', text: 'new' })]);
    await expect.poll(() => inbound.map((message) => message.text)).toEqual(['new']);
    expect(socket.reads.flat().map((key) => key.id)).toEqual(['LAST']);
    await connection.stop();
  });

  it('in a group: the participant is the sender; mentioned only by our JID, our LID or a reply to us', async () => {
    const { socket, connection, inbound } = await connected();
    socket.emitMessages([
      fakeWhatsAppMessage({ from: OWNER, group: GROUP, id: 'G1', text: 'chatting' }),
      fakeWhatsAppMessage({
        from: OWNER,
        group: GROUP,
        id: 'G2',
        text: '@1555 hi',
        mentions: ['15550001111@s.whatsapp.net'],
      }),
      fakeWhatsAppMessage({ from: OWNER, group: GROUP, id: 'G3', text: 'hey', mentions: ['99887766@lid'] }),
      fakeWhatsAppMessage({
        from: OWNER,
        group: GROUP,
        id: 'G4',
        text: 'and?',
        quoting: { id: 'OURS', participant: '15550001111:7@s.whatsapp.net' },
      }),
      fakeWhatsAppMessage({
        from: OWNER,
        group: GROUP,
        id: 'G5',
        text: 'x',
        mentions: ['4470000000@s.whatsapp.net'],
      }),
    ]);
    await expect.poll(() => inbound).toHaveLength(5);
    expect(inbound.map((message) => [message.networkMessageId, message.mentioned])).toEqual([
      [`${GROUP}:G1`, false],
      [`${GROUP}:G2`, true],
      [`${GROUP}:G3`, true],
      [`${GROUP}:G4`, true],
      [`${GROUP}:G5`, false],
    ]);
    expect(inbound[0]!.chat).toEqual({ id: GROUP, kind: 'group' });
    expect(inbound[0]!.sender.id).toBe('+33612345678');
    expect(inbound[3]!.replyTo).toBe(`${GROUP}:OURS`);
    expect(socket.reads[0]!.map((key) => key.participant)).toEqual(
      Array(5).fill('33612345678@s.whatsapp.net'),
    );
    await connection.stop();
  });

  it('a LID sender gets its number from the alternate JID or the lid-mapping, else a `…@lid` id', async () => {
    const { socket, connection, inbound } = await connected();
    socket.setLidMapping('555@lid', '4915123456789@s.whatsapp.net');
    socket.emitMessages([
      fakeWhatsAppMessage({ from: OWNER, lid: '444', id: 'L1', text: 'alt' }),
      fakeWhatsAppMessage({
        from: '+4915123456789',
        lid: '555',
        phoneKnown: false,
        id: 'L2',
        text: 'mapped',
      }),
      fakeWhatsAppMessage({ from: '+1', lid: '666', phoneKnown: false, id: 'L3', text: 'unknown' }),
      fakeWhatsAppMessage({ from: OWNER, lid: '444', group: GROUP, id: 'L4', text: 'group alt' }),
    ]);
    await expect.poll(() => inbound).toHaveLength(4);
    expect(inbound.map((message) => [message.sender.id, message.chat.id, message.networkMessageId])).toEqual([
      ['+33612345678', '33612345678@s.whatsapp.net', '444@lid:L1'],
      ['+4915123456789', '4915123456789@s.whatsapp.net', '555@lid:L2'],
      ['666@lid', '666@lid', '666@lid:L3'],
      ['+33612345678', GROUP, `${GROUP}:L4`],
    ]);
    await connection.stop();
  });

  it('parses commands, also after a mention, and not paths', async () => {
    const { socket, connection, inbound } = await connected();
    socket.emitMessages([
      fakeWhatsAppMessage({ from: OWNER, text: '/new' }),
      fakeWhatsAppMessage({ from: OWNER, text: '/STOP now please' }),
      fakeWhatsAppMessage({
        from: OWNER,
        group: GROUP,
        text: '@15550001111 /status',
        mentions: ['15550001111@s.whatsapp.net'],
      }),
      fakeWhatsAppMessage({ from: OWNER, text: '/usr/bin is a folder' }),
    ]);
    await expect.poll(() => inbound).toHaveLength(4);
    expect(inbound.map((message) => message.command)).toEqual([
      { name: 'new', args: '' },
      { name: 'stop', args: 'now please' },
      { name: 'status', args: '' },
      undefined,
    ]);
    await connection.stop();
  });

  it('maps an image with caption, a voice note and a document; download returns the bytes and refuses more', async () => {
    const { socket, connection, inbound } = await connected();
    socket.emitMessages([
      fakeWhatsAppMessage({ from: OWNER, id: 'IMG', text: 'look', image: { size: 4 } }),
      fakeWhatsAppMessage({ from: OWNER, id: 'VOICE', voice: {} }),
      fakeWhatsAppMessage({
        from: OWNER,
        id: 'DOC',
        document: { fileName: 'plan.pdf', mimetype: 'application/pdf' },
      }),
    ]);
    await expect.poll(() => inbound).toHaveLength(3);
    expect(
      inbound.map((message) => [message.text, message.media?.[0]?.kind, message.media?.[0]?.fileName]),
    ).toEqual([
      ['look', 'image', 'image-IMG.jpg'],
      ['', 'voice', 'voice-VOICE.ogg'],
      ['', 'document', 'plan.pdf'],
    ]);
    expect(inbound[0]!.media![0]).toMatchObject({ mimeType: 'image/jpeg', size: 4 });
    socket.setMedia('IMG', new Uint8Array([1, 2, 3, 4]));
    socket.setMedia('VOICE', new Uint8Array(100));
    await expect(connection.download!(inbound[0]!.media![0]!.ref, 10)).resolves.toEqual(
      new Uint8Array([1, 2, 3, 4]),
    );
    await expect(connection.download!(inbound[0]!.media![0]!.ref, 3)).rejects.toThrow(/larger than 3 bytes/);
    await expect(connection.download!(inbound[1]!.media![0]!.ref, 50)).rejects.toThrow(
      /larger than 50 bytes/,
    );
    await expect(connection.download!('not-a-ref', 50)).rejects.toThrow(/not a WhatsApp file/);
    await connection.stop();
  });

  it('acknowledges only after onInbound resolved: a rejected journal write gets no receipt and is retried', async () => {
    let calls = 0;
    const journaled: InboundMessage[] = [];
    const { socket, connection } = await connected(async (messages) => {
      calls++;
      if (calls === 1) throw new Error('database is locked');
      journaled.push(...messages);
    });
    socket.emitMessages([fakeWhatsAppMessage({ from: OWNER, id: 'R1', text: 'one' })]);
    socket.emitMessages([fakeWhatsAppMessage({ from: OWNER, id: 'R2', text: 'two' })]);
    await expect.poll(() => calls).toBeGreaterThanOrEqual(1);
    expect(socket.reads).toEqual([]);
    await expect.poll(() => socket.reads.flat().map((key) => key.id)).toEqual(['R1', 'R2']);
    expect(journaled.map((message) => message.text)).toEqual(['one', 'two']);
    await connection.stop();
  });

  it('a journal that never accepts gets no receipt, and stop() ends the retries', async () => {
    let calls = 0;
    const { socket, connection } = await connected(async () => {
      calls++;
      throw new Error('down');
    });
    socket.emitMessages([fakeWhatsAppMessage({ from: OWNER, text: 'lost?' })]);
    await expect.poll(() => calls).toBeGreaterThanOrEqual(2);
    await connection.stop();
    const after = calls;
    await sleep(100);
    expect(calls).toBeLessThanOrEqual(after + 1);
    expect(socket.reads).toEqual([]);
  });
});

describe('WhatsApp outbound', () => {
  const chatId = '33612345678@s.whatsapp.net';

  it('sends text with a message id derived from the idempotency key: a resend carries the same id', async () => {
    const { socket, connection } = await connected();
    const first = await connection.send({ chatId, text: '*Hi*', idempotencyKey: 'outbox_1' });
    const again = await connection.send({ chatId, text: '*Hi*', idempotencyKey: 'outbox_1' });
    const other = await connection.send({ chatId, text: 'Bye', idempotencyKey: 'outbox_2' });
    expect(first).toEqual(again);
    expect(first.networkMessageIds).toEqual([`${chatId}:${messageIdFor('outbox_1')}`]);
    expect(other.networkMessageIds[0]).not.toBe(first.networkMessageIds[0]);
    expect(messageIdFor('outbox_1')).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(socket.sent[0]).toEqual({
      jid: chatId,
      content: { text: '*Hi*' },
      options: { messageId: messageIdFor('outbox_1') },
    });
    await connection.stop();
  });

  it('sends an image with the text as caption, a voice note as push-to-talk and a document', async () => {
    const { socket, connection } = await connected();
    const bytes = new Uint8Array([9, 9, 9]);
    const sent = await connection.send({
      chatId,
      text: 'Here',
      idempotencyKey: 'outbox_media',
      media: [
        { kind: 'image', fileName: 'a.png', mimeType: 'image/png', data: bytes },
        { kind: 'voice', fileName: 'v.ogg', mimeType: 'audio/ogg', data: bytes },
        { kind: 'document', fileName: 'r.pdf', mimeType: 'application/pdf', data: bytes },
      ],
    });
    expect(sent.networkMessageIds).toHaveLength(3);
    expect(socket.sent.map((entry) => entry.content)).toEqual([
      { image: bytes, mimetype: 'image/png', caption: 'Here' },
      { audio: bytes, mimetype: 'audio/ogg; codecs=opus', ptt: true },
      { document: bytes, mimetype: 'application/pdf', fileName: 'r.pdf' },
    ]);
    expect(new Set(socket.sent.map((entry) => entry.options.messageId)).size).toBe(3);
    await connection.stop();
  });

  it('typing is presence composing; edit replaces our message; replies quote the message', async () => {
    const { socket, connection, inbound } = await connected();
    await connection.typing!(chatId);
    expect(socket.presence).toEqual([{ type: 'composing', jid: chatId }]);
    const { networkMessageIds } = await connection.send({ chatId, text: 'Working…', idempotencyKey: 'k' });
    await connection.edit!(chatId, networkMessageIds[0]!, 'Done.');
    expect(socket.sent[1]!.content).toEqual({
      text: 'Done.',
      edit: { remoteJid: chatId, fromMe: true, id: messageIdFor('k') },
    });
    socket.emitMessages([fakeWhatsAppMessage({ from: OWNER, id: 'Q1', text: 'question' })]);
    await expect.poll(() => socket.reads).toHaveLength(1);
    await connection.send({
      chatId,
      text: 'answer',
      replyTo: inbound[0]!.networkMessageId,
      idempotencyKey: 'q',
    });
    expect(socket.sent[2]!.options.quoted?.key.id).toBe('Q1');
    await connection.stop();
  });

  it('reports failures: closed connection retryable, refused or bad chat not, and not connected retryable', async () => {
    const { socket, connection } = await connected();
    socket.failNext('sendMessage', 428, 'Connection Closed');
    const closed = await connection.send({ chatId, text: 'x', idempotencyKey: 'a' }).catch((error) => error);
    expect(closed).toBeInstanceOf(ChannelSendError);
    expect(closed.retryable).toBe(true);
    socket.failNext('sendMessage', 406, 'not-acceptable');
    const refused = await connection.send({ chatId, text: 'x', idempotencyKey: 'b' }).catch((error) => error);
    expect(refused.retryable).toBe(false);
    const bad = await connection
      .send({ chatId: 'nobody', text: 'x', idempotencyKey: 'c' })
      .catch((error) => error);
    expect(bad).toMatchObject({ retryable: false, message: expect.stringMatching(/not a WhatsApp chat id/) });
    const huge = new Uint8Array(16 * 1024 * 1024 + 1);
    const big = await connection
      .send({
        chatId,
        text: '',
        idempotencyKey: 'd',
        media: [{ kind: 'document', fileName: 'x', mimeType: 'a/b', data: huge }],
      })
      .catch((error) => error);
    expect(big).toMatchObject({ retryable: false, message: expect.stringMatching(/16 MB/) });
    socket.close(428);
    const offline = await connection.send({ chatId, text: 'x', idempotencyKey: 'e' }).catch((error) => error);
    expect(offline).toMatchObject({ retryable: true });
    await connection.stop();
  });

  it('never logs message text or full numbers at info level', async () => {
    const { socket, connection, lines } = await connected();
    socket.emitMessages([fakeWhatsAppMessage({ from: OWNER, text: 'secret words' })]);
    await expect.poll(() => socket.reads).toHaveLength(1);
    await connection.send({ chatId, text: 'secret reply', idempotencyKey: 'z' });
    await connection.stop();
    const info = JSON.stringify(lines.filter((line) => line.level !== 'debug'));
    expect(info).not.toMatch(/secret|33612345678|15550001111/);
  });
});
