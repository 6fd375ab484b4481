import type { CallRecord, InjectedFailure, SentRecord } from './fake-bot.ts';
import type { TgUpdate } from './telegram-types.ts';
import type { FakeUserInput, UserMessageInput } from './user-actions.ts';

/** A bot the fake knows: its token and its user (`@username`). */
export interface FakeBotInfo {
  token: string;
  id: number;
  username: string;
}

/** The test-control side of the fake Telegram Bot API. */
export interface FakeTelegram extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: the `apiRoot` / `TELEGRAM_API_ROOT`. */
  apiRoot: string;
  /** A new bot (token `<id>:<35 chars>` unless given). */
  createBot(options?: { username?: string; firstName?: string; token?: string }): FakeBotInfo;
  /** The bots made so far. */
  listBots(): FakeBotInfo[];
  /** The token stops working (401 for every call), as when it is revoked in BotFather. */
  revokeBot(token: string): void;
  /** A person sends a message (text, command, mention, photo, voice, document) into a chat. */
  userSends(token: string, input: UserMessageInput): TgUpdate;
  /** A person presses an inline button under the bot's message `messageId`. */
  pressButton(
    token: string,
    input: { chatId: number; messageId: number; data: string; from?: FakeUserInput },
  ): TgUpdate;
  /** A person edits a message they sent (`edited_message`). */
  userEdits(token: string, input: { chatId: number; messageId: number; text: string }): TgUpdate;
  /** Someone joins a group (a service message with no text). */
  userJoins(token: string, input?: { chatId?: number; title?: string; from?: FakeUserInput }): TgUpdate;
  /** Queues an earlier update's message again under a new update id (a redelivery). */
  redeliver(token: string, updateId: number): TgUpdate;
  /** The person blocks the bot: sends to the chat answer 403. */
  blockBot(token: string, chatId: number): void;
  /** The next `times` calls of `method` answer 429 (retry_after), 500, or hang until the client leaves. */
  failNext(token: string, method: string, failure: InjectedFailure, times?: number): void;
  /** Everything the bot did in chats, oldest first. */
  sent(token: string): SentRecord[];
  /** Resolves with the first (past or future) sent record matching; rejects after `timeoutMs` (default 5 s). */
  waitForSent(
    token: string,
    predicate: (sent: SentRecord) => boolean,
    timeoutMs?: number,
  ): Promise<SentRecord>;
  /** Every API call of the bot (method, status, time), oldest first. */
  calls(token: string, method?: string): CallRecord[];
  /** The webhook set for the bot, or null. */
  webhook(token: string): { url: string; secretToken?: string } | null;
  /** Updates queued and not yet confirmed. */
  pendingUpdates(token: string): TgUpdate[];
  /** Stops the server and releases held polls and hanging calls at once. */
  close(): Promise<void>;
}
