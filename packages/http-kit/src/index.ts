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
export { installErrorHandling, notFound } from './error-handling.ts';
export { requireServiceToken } from './service-credential-hook.ts';
export {
  listenOnConfiguredPort,
  type PortSetting,
  type RunningService,
  runService,
} from './service-lifecycle.ts';
export { maxUsageDays, usageRangeQuery } from './usage-range.ts';
