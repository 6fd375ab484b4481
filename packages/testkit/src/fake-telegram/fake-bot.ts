import { randomBytes } from 'node:crypto';
import type { UploadedFile } from './request-params.ts';
import type { TgChat, TgMessage, TgUpdate, TgUser } from './telegram-types.ts';

/** A failure the next calls of one method answer with (`failNext`). */
export type InjectedFailure = { status: 429; retryAfter?: number } | { status: 500 } | { status: 'hang' };

/** Something the bot did in a chat: a message, a file, an edit, a chat action, a callback answer. */
export interface SentRecord {
  /** The Bot API method (`sendMessage`, `sendPhoto`, `editMessageText`, `sendChatAction`, …). */
  method: string;
  chatId: number;
  /** The message sent or edited (absent for chat actions and callback answers). */
  messageId?: number;
  /** The text or caption exactly as sent (with its markup). */
  text?: string;
  /** The text as Telegram shows it (HTML parsed). */
  plainText?: string;
  parseMode?: string;
  replyMarkup?: unknown;
  replyToMessageId?: number;
  /** The uploaded file (sendPhoto/sendVoice/sendDocument). */
  file?: UploadedFile;
  /** `sendChatAction`'s action; `answerCallbackQuery`'s query id is in `text`. */
  action?: string;
}

/** One API call the fake answered (for counting polls and retries). */
export interface CallRecord {
  method: string;
  status: number;
  at: number;
}

/** A file the fake stores (uploaded by the bot or sent by a user) and serves under `/file/`. */
export interface StoredFile extends UploadedFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
}

interface ChatState {
  chat: TgChat;
  nextMessageId: number;
  messages: Map<number, TgMessage>;
  blocked: boolean;
}

/** One fake bot's state: its queue of updates, chats, files, webhook and what it did. */
export class FakeBot {
  readonly user: TgUser;
  readonly updates: TgUpdate[] = [];
  readonly history = new Map<number, TgUpdate>();
  readonly chats = new Map<number, ChatState>();
  readonly files = new Map<string, StoredFile>();
  readonly callbackQueries = new Set<string>();
  readonly failures = new Map<string, InjectedFailure[]>();
  readonly sent: SentRecord[] = [];
  readonly calls: CallRecord[] = [];
  allowedUpdates: string[] | undefined;
  webhook: { url: string; secretToken?: string } | null = null;
  revoked = false;
  /** getUpdates requests being held open right now (a second one is a 409). */
  polling = 0;
  private nextUpdateId = 1;
  private readonly listeners = new Set<() => void>();

  readonly token: string;

  constructor(token: string, user: TgUser) {
    this.token = token;
    this.user = user;
  }

  /** Queues an update and wakes held polls, the webhook delivery and `waitFor*` callers. */
  enqueue(content: Omit<TgUpdate, 'update_id'>): TgUpdate {
    const update = { update_id: this.nextUpdateId++, ...content } as TgUpdate;
    this.updates.push(update);
    this.history.set(update.update_id, update);
    this.notify();
    return update;
  }

  /** Calls `listener` on every change (new update, new sent record) until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** The chat, created on first use (a user writing to the bot is what makes a chat known). */
  chat(chat: TgChat): ChatState {
    let state = this.chats.get(chat.id);
    if (!state) {
      state = { chat, nextMessageId: 1, messages: new Map(), blocked: false };
      this.chats.set(chat.id, state);
    }
    return state;
  }

  /** Appends a message to a chat with the chat's next message id. */
  addMessage(chatId: number, fields: Omit<TgMessage, 'message_id' | 'date' | 'chat'>): TgMessage {
    const state = this.chats.get(chatId);
    if (!state) throw new Error(`the fake bot has no chat ${chatId}`);
    const message: TgMessage = {
      message_id: state.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: state.chat,
      ...fields,
    };
    state.messages.set(message.message_id, message);
    return message;
  }

  storeFile(file: UploadedFile, folder: string): StoredFile {
    const unique = randomBytes(6).toString('hex');
    const extension = /\.[A-Za-z0-9]{1,8}$/.exec(file.fileName)?.[0] ?? '';
    const stored: StoredFile = {
      ...file,
      fileId: `${folder}-${randomBytes(12).toString('base64url')}`,
      fileUniqueId: unique,
      filePath: `${folder}/file_${this.files.size}${extension}`,
    };
    this.files.set(stored.fileId, stored);
    return stored;
  }

  record(sent: SentRecord): void {
    this.sent.push(sent);
    this.notify();
  }
}
