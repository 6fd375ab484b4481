export { type CreateLoggerOptions, createLogger, type LogFormat, type Logger } from './create-logger.ts';
