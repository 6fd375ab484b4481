export { appendAudit, impersonationActions, type NewAuditEntry } from './audit.ts';
export {
  type DatabaseHandle,
  type DatabaseTarget,
  type OpenDatabaseOptions,
  openDatabase,
} from './create-database.ts';
export {
  type IdentityRevocation,
  identityRevocationsAfter,
  identityRevocationsChannel,
  identityRevocationsKept,
  identityRevocationTriggersInstalled,
  installIdentityRevocationTriggers,
  type LatestRevocationReader,
  latestIdentityRevocation,
  openLatestRevocationReader,
} from './identity-revocations.ts';
export { newId, nowIso } from './ids.ts';
export { listOutboxMail, OUTBOX_SIZE, type OutboxMail, recordOutboxMail } from './mail-outbox.ts';
export { knownMigrationNames, migrateToLatest } from './migrate.ts';
export type { DialectName } from './migrations/column-types.ts';
export { toJson } from './normalize.ts';
export { loadPg } from './pg-driver.ts';
export { namingClient, preparedOnPostgres } from './prepared-statements.ts';
export {
  type AppendOptions,
  appendRunEvents,
  lastRunEventSeq,
  listRunEvents,
  type RunEventInput,
} from './run-events.ts';
export {
  hasUsageRecords,
  type RunUsage,
  recordUsage,
  type UsageRecordInput,
  unpricedUsageRecords,
  usageOfRuns,
} from './run-usage.ts';
export type * from './schema.ts';
export {
  type UsageAmounts,
  type UsageByDay,
  type UsageDay,
  type UsageQuery,
  usageByDay,
  utcDaysBetween,
} from './usage.ts';
