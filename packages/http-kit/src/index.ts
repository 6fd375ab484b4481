export {
  attestedClientIp,
  CLIENT_IP_HEADER,
  type ProxyPolicy,
  presentsServiceToken,
  resolveClientIp,
  SERVICE_TOKEN_HEADER,
  type TrustedNetworks,
  trustedNetworks,
  unmapIpv4,
} from './client-address.ts';
export { codeForStatus, isContractError, toContractError } from './contract-error.ts';
export { installErrorHandling } from './error-handling.ts';
export { applyMergePatch, type JsonObject, mergePatchBody } from './merge-patch.ts';
export { findNulCharacter, isWellFormedUrl } from './request-guards.ts';
export { RedactingLogController, redactUrl } from './request-logging.ts';
export { contractServerOptions, defaultBodyLimit } from './server-options.ts';
export { requireServiceToken } from './service-credential-hook.ts';
export {
  listenOnConfiguredPort,
  type PortSetting,
  type RunningService,
  runService,
  type ServiceEnvironment,
} from './service-lifecycle.ts';
export { maxUsageDays, usageRangeQuery } from './usage-range.ts';
export { hiddenCharacterIn, hiddenCharacterMessage, isVisibleText, visibleName } from './visible-name.ts';
