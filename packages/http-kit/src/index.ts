export { installErrorHandling, notFound } from './error-handling.ts';
