export type { ApiAnswer } from './api-answer.ts';
export type { CallRecord, InjectedFailure, SentRecord } from './fake-bot.ts';
export { checkTelegramHtml } from './html-entities.ts';
export {
  type FakeBotInfo,
  type FakeTelegram,
  type FakeTelegramOptions,
  startFakeTelegram,
} from './server.ts';
export type { TgCallbackQuery, TgChat, TgMessage, TgUpdate, TgUser } from './telegram-types.ts';
export type { FakeUserInput, UserMessageInput } from './user-actions.ts';
