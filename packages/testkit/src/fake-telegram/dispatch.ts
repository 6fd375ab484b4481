import { type ApiAnswer, DESCRIPTIONS, failure, ok } from './api-answer.ts';
import type { FakeBot } from './fake-bot.ts';
import {
  answerCallbackQuery,
  editMessageText,
  getFile,
  sendChatAction,
  sendMedia,
  sendMessage,
} from './message-methods.ts';
import type { CallParams } from './request-params.ts';
import { getUpdates } from './updates-method.ts';
import { deleteWebhook, getWebhookInfo, setWebhook } from './webhook.ts';

/** Answers one Bot API call for a known, unrevoked bot (after injected failures). */
export async function dispatch(
  bot: FakeBot,
  method: string,
  params: CallParams,
  closed: AbortSignal,
  deliver: () => void,
): Promise<ApiAnswer> {
  const injected = bot.failures.get(method)?.shift();
  if (injected?.status === 429) {
    const retryAfter = injected.retryAfter ?? 1;
    return failure(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  }
  if (injected?.status === 500) return failure(500, DESCRIPTIONS.serverError);
  if (injected?.status === 'hang') {
    await new Promise((resolve) => closed.addEventListener('abort', resolve, { once: true }));
    return failure(500, DESCRIPTIONS.serverError);
  }
  switch (method) {
    case 'getMe':
      return ok({
        ...bot.user,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      });
    case 'getUpdates':
      return getUpdates(bot, params.values, closed);
    case 'sendMessage':
      return sendMessage(bot, params);
    case 'sendPhoto':
    case 'sendVoice':
    case 'sendDocument':
      return sendMedia(bot, method, params);
    case 'editMessageText':
      return editMessageText(bot, params);
    case 'sendChatAction':
      return sendChatAction(bot, params);
    case 'answerCallbackQuery':
      return answerCallbackQuery(bot, params);
    case 'getFile':
      return getFile(bot, params);
    case 'setWebhook':
      return setWebhook(bot, params, deliver);
    case 'deleteWebhook':
      return deleteWebhook(bot, params);
    case 'getWebhookInfo':
      return getWebhookInfo(bot);
    default:
      return failure(404, DESCRIPTIONS.notFound);
  }
}
