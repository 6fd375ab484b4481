import type { Message, Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { toInboundMessage } from './inbound.ts';

const bot = { id: 900, username: 'LifeOS_bot' };
const ada = { id: 1001, is_bot: false, first_name: 'Ada', last_name: 'Lovelace', username: 'ada' };
const group = { id: -100123, type: 'supergroup' as const, title: 'Team' };

function update(
  message: Partial<Message>,
  chat: object = { id: 1001, type: 'private', first_name: 'Ada' },
): Update {
  return {
    update_id: 42,
    message: { message_id: 7, date: 1_700_000_000, chat, from: ada, ...message },
  } as unknown as Update;
}

describe('toInboundMessage', () => {
  it('maps a private text message', () => {
    expect(toInboundMessage(update({ text: 'hello' }), bot)).toEqual({
      networkMessageId: '1001:7',
      ackToken: '42',
      chat: { id: '1001', kind: 'private', title: 'Ada' },
      sender: { id: '1001', name: 'Ada Lovelace', username: 'ada' },
      text: 'hello',
      mentioned: true,
      sentAt: '2023-11-14T22:13:20.000Z',
    });
  });

  it('in a group, is mentioned only by @bot, a text mention, a reply to the bot or /cmd@bot', () => {
    const at = (text: string, entities: Message['entities'] = []) =>
      toInboundMessage(update({ text, entities }, group), bot)!;
    expect(at('just chatting').mentioned).toBe(false);
    expect(at('hey @lifeos_bot look', [{ type: 'mention', offset: 4, length: 11 }]).mentioned).toBe(true);
    expect(at('hey @other_bot look', [{ type: 'mention', offset: 4, length: 10 }]).mentioned).toBe(false);
    expect(
      at('hey you', [
        { type: 'text_mention', offset: 4, length: 3, user: { id: 900, is_bot: true, first_name: 'L' } },
      ]).mentioned,
    ).toBe(true);
    const reply = toInboundMessage(
      update(
        {
          text: 'yes',
          reply_to_message: {
            message_id: 5,
            from: { id: 900, is_bot: true, first_name: 'L' },
          } as unknown as Message['reply_to_message'],
        },
        group,
      ),
      bot,
    )!;
    expect(reply).toMatchObject({
      mentioned: true,
      replyTo: '-100123:5',
      chat: { kind: 'group', title: 'Team' },
    });
    expect(at('/new@LifeOS_bot', [{ type: 'bot_command', offset: 0, length: 15 }])).toMatchObject({
      mentioned: true,
      command: { name: 'new', args: '' },
    });
  });

  it("reads commands: lower case, suffix stripped, args kept; another bot's command is not ours", () => {
    const command = (text: string, length: number) =>
      toInboundMessage(update({ text, entities: [{ type: 'bot_command', offset: 0, length }] }), bot);
    expect(command('/STATUS now please', 7)?.command).toEqual({ name: 'status', args: 'now please' });
    expect(command('/stop@lifeos_bot', 16)?.command).toEqual({ name: 'stop', args: '' });
    expect(command('/start@other_bot', 16)?.command).toBeUndefined();
    expect(toInboundMessage(update({ text: 'not /a command' }), bot)?.command).toBeUndefined();
  });

  it('takes the largest photo, voice, document and audio (as a document), with the caption as text', () => {
    const message = toInboundMessage(
      update({
        caption: 'look',
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 90 },
          { file_id: 'big', file_unique_id: 'b', width: 1280, height: 960, file_size: 5000 },
          { file_id: 'mid', file_unique_id: 'm', width: 320, height: 240 },
        ],
        voice: { file_id: 'v', file_unique_id: 'vu', duration: 2, mime_type: 'audio/ogg' },
        document: {
          file_id: 'd',
          file_unique_id: 'du',
          file_name: '../../etc/passwd',
          mime_type: 'text/plain',
        },
        audio: { file_id: 'a', file_unique_id: 'au', duration: 3 },
      }),
      bot,
    );
    expect(message?.text).toBe('look');
    expect(message?.media).toEqual([
      { kind: 'image', fileName: 'photo-b.jpg', mimeType: 'image/jpeg', size: 5000, ref: 'big' },
      { kind: 'voice', fileName: 'voice-vu.ogg', mimeType: 'audio/ogg', ref: 'v' },
      { kind: 'document', fileName: '_.._etc_passwd', mimeType: 'text/plain', ref: 'd' },
      { kind: 'document', fileName: 'file-au', mimeType: 'application/octet-stream', ref: 'a' },
    ]);
  });

  it('maps a button press to buttonData with a cb: id', () => {
    const pressed = toInboundMessage(
      {
        update_id: 43,
        callback_query: {
          id: '777',
          from: ada,
          chat_instance: 'x',
          data: 'perm:1:allow',
          message: {
            message_id: 9,
            date: 1,
            chat: { id: 1001, type: 'private', first_name: 'Ada' },
            from: { id: 900, is_bot: true, first_name: 'L' },
          } as Message,
        },
      },
      bot,
    );
    expect(pressed).toMatchObject({
      networkMessageId: 'cb:777',
      ackToken: '43',
      buttonData: 'perm:1:allow',
      replyTo: '1001:9',
      mentioned: true,
      text: '',
    });
  });

  it('skips what the platform does not handle, without throwing on odd updates', () => {
    expect(toInboundMessage(update({ new_chat_members: [ada] }, group), bot)).toBeNull();
    expect(toInboundMessage(update({ sticker: { file_id: 's' } as Message['sticker'] }), bot)).toBeNull();
    expect(
      toInboundMessage({ update_id: 1, edited_message: update({ text: 'edit' }).message } as Update, bot),
    ).toBeNull();
    expect(
      toInboundMessage(update({ text: 'from a channel' }, { id: -1, type: 'channel', title: 'c' }), bot),
    ).toBeNull();
    expect(toInboundMessage({ update_id: 2, message: { chat: null } } as unknown as Update, bot)).toBeNull();
  });
});
