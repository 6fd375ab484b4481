// The runs domain module: every query on the `runs` table outside the orchestration stages
// that claim and recover runs lives here.
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
