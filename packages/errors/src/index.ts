export { type ErrorCode, errorCodes, isErrorCode } from './catalogue.ts';
export { defineErrorCodes, type ErrorCodeDefinition, type ErrorCodeEntry } from './define-error-codes.ts';
export { isPlatformError, notFound, PlatformError } from './platform-error.ts';
