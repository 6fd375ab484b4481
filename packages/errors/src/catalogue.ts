import { agentErrorCodes } from './codes/agents.ts';
import { dataErrorCodes } from './codes/data.ts';
import { gatewayApiErrorCodes } from './codes/gateway-apis.ts';
import { identityErrorCodes } from './codes/identity.ts';
import { requestErrorCodes } from './codes/request.ts';
import { startupErrorCodes } from './codes/startup.ts';

/**
 * Every error code the platform answers with, each once with its HTTP status and default
 * message. Clients switch on these codes (they are public contract: a code or its status
 * changes only with docs/api.md); the web app imports the `ErrorCode` union.
 */
export const errorCodes = {
  ...requestErrorCodes,
  ...identityErrorCodes,
  ...dataErrorCodes,
  ...agentErrorCodes,
  ...startupErrorCodes,
  ...gatewayApiErrorCodes,
} as const;

/** One of the catalogue's codes. */
export type ErrorCode = keyof typeof errorCodes;

/** True for a code the catalogue defines. */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}
