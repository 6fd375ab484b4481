export { installErrorHandling, notFound } from './error-handling.ts';
export {
  listenOnConfiguredPort,
  type PortSetting,
  type RunningService,
  runService,
} from './service-lifecycle.ts';
export { maxUsageDays, usageRangeQuery } from './usage-range.ts';
