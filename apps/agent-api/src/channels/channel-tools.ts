import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import type { Run } from '@lifeosai/db';
import { createLocalFileStorage } from '@lifeosai/files';
import type { PlatformTool, PlatformToolResult } from '@lifeosai/harness-spec';
import { agentChat, agentChats } from '../domain/channels/chats.ts';
import { firstMessageOfRun } from '../domain/channels/journal.ts';
import { enqueueOutbox, type OutboxMedia } from '../domain/channels/outbox.ts';
import { agentWorkspace } from '../domain/workspace-attachments.ts';
import type { ChannelRuntimeDeps } from './runtime-deps.ts';

type ToolDeps = Pick<ChannelRuntimeDeps, 'db' | 'drivers' | 'home' | 'bus'>;

const text = (value: string, isError = false): PlatformToolResult => ({
  content: [{ type: 'text', text: value }],
  ...(isError && { isError: true }),
});

const mediaKind = (path: string): { kind: OutboxMedia['kind']; mimeType: string } => {
  const extension = extname(path).toLowerCase();
  if (['.png', '.jpg', '.jpeg', '.gif', '.webp'].includes(extension)) {
    return { kind: 'image', mimeType: `image/${extension === '.jpg' ? 'jpeg' : extension.slice(1)}` };
  }
  if (['.ogg', '.oga', '.opus'].includes(extension)) return { kind: 'voice', mimeType: 'audio/ogg' };
  return { kind: 'document', mimeType: 'application/octet-stream' };
};

/**
 * The channel tools of an agent's run: `list_channel_chats` (its chats, most recent first) and
 * `send_message` (text, and optionally one workspace file, to one of them; by default the chat
 * the run answers). Messages go through the outbox like replies; the key is the tool call's id
 * (or the input's digest), so a retried call is not sent twice.
 */
export function channelTools(deps: ToolDeps, run: Run): PlatformTool[] {
  return [
    {
      name: 'list_channel_chats',
      description:
        'Lists your Telegram/WhatsApp chats (id, network, kind, title, last activity), most recent first. Use an id with send_message.',
      inputSchema: { type: 'object', properties: {} },
      handler: async () => {
        const chats = await agentChats(deps.db, run.agentId);
        if (chats.length === 0) return text('(no chats yet)');
        return text(
          chats
            .map(
              (chat) => `${chat.id}\t${chat.type}\t${chat.kind}\t${chat.title ?? ''}\t${chat.lastMessageAt}`,
            )
            .join('\n'),
        );
      },
    },
    {
      name: 'send_message',
      description:
        'Sends a message to one of your Telegram/WhatsApp chats now (it does not wait for your final answer). chatId: from list_channel_chats; default the chat this run answers. file: optional path of a workspace file to send with it.',
      inputSchema: {
        type: 'object',
        properties: { text: { type: 'string' }, chatId: { type: 'string' }, file: { type: 'string' } },
        required: ['text'],
      },
      handler: async (input, call) => {
        const message = typeof input.text === 'string' ? input.text : '';
        const file = typeof input.file === 'string' && input.file !== '' ? input.file : undefined;
        if (!message.trim() && !file) return text('Give a text (or a file) to send.', true);
        let chatId = typeof input.chatId === 'string' && input.chatId !== '' ? input.chatId : undefined;
        chatId ??= (await firstMessageOfRun(deps.db, run.id))?.chatId;
        if (!chatId) return text('This run answers no chat: give a chatId from list_channel_chats.', true);
        const chat = await agentChat(deps.db, run.agentId, chatId);
        const driver = chat && deps.drivers.get(chat.type);
        if (!chat || !driver)
          return text(`No chat ${chatId} among your chats: see list_channel_chats.`, true);
        let media: OutboxMedia[] | undefined;
        if (file) {
          const files = createLocalFileStorage({ root: agentWorkspace(deps.home, run.agentId) });
          try {
            const { stream, size } = await files.get(file);
            stream.destroy();
            if (size > driver.capabilities.maxMediaBytes) {
              return text(
                `The file is ${size} bytes; ${driver.displayName} takes up to ${driver.capabilities.maxMediaBytes}.`,
                true,
              );
            }
          } catch (error) {
            return text(`Cannot send ${file}: ${(error as Error).message}`, true);
          }
          media = [{ ...mediaKind(file), path: file, fileName: file.split('/').pop() ?? 'file' }];
        }
        const callKey =
          call.toolUseId ??
          createHash('sha256')
            .update(JSON.stringify([chatId, message, file]))
            .digest('hex')
            .slice(0, 16);
        const parts = message.trim() ? driver.format(message) : [''];
        await enqueueOutbox(
          deps.db,
          chat.connectionId,
          parts.map((part, index) => ({
            chatId: chat.id,
            key: `tool:${run.id}:${callKey}:${index}`,
            text: part,
            runId: run.id,
            ...(index === 0 && media && { media }),
          })),
        );
        await deps.bus.signal({ type: 'channel.work', connectionId: chat.connectionId });
        return text(
          `Queued for ${driver.displayName} chat ${chat.id} (${parts.length} part${parts.length === 1 ? '' : 's'}).`,
        );
      },
    },
  ];
}
