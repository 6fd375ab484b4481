export {
  type BillingOptions,
  type BillingPeriod,
  calendarMonthOf,
  type EntitlementStatus,
  type Entitlements,
  entitlementsOf,
  planInForce,
} from './entitlements.ts';
export { periodUsageUsd } from './period-usage.ts';
export { type PlannedAction, planRefusal } from './plan-refusal.ts';
