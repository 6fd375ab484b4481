export {
  createTelegramChannel,
  TELEGRAM_DEFAULT_API_ROOT,
  type TelegramChannelOptions,
  telegramChannel,
} from './driver.ts';
export { formatTelegramHtml } from './format/index.ts';
