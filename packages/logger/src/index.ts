export { type CreateLoggerOptions, createLogger, type Logger } from './create-logger.ts';
