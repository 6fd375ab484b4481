// The runs domain module: every query on the `runs` table lives here (tests' seeds aside).

export { type ClaimOptions, claimRuns } from './claim-runs.ts';
export {
  activeRunCounts,
  findRunInSessions,
  openPermissionCounts,
  type SessionIdQuery,
} from './run-activity.ts';
export { agentWorkload, endedRunIds, type RunEnding, runEnding } from './run-ending.ts';
export {
  cancelQueuedRun,
  type ExpiredRun,
  expiredRuns,
  extendLeases,
  releaseExpiredRun,
  requestCancel,
} from './run-leases.ts';
export {
  activeRunOfAgent,
  activeRunStatuses,
  findRun,
  getRun,
  listRuns,
  type RunListFilter,
  runExists,
  runState,
  runsOfFeed,
  sessionRuns,
  terminalRunStatuses,
} from './run-reads.ts';
export { getRunView, type RunView, toRunViews } from './run-view.ts';
export { finishRun, insertQueuedRun, type RunFinish } from './run-writes.ts';
