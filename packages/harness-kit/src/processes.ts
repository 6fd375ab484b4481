/**
 * `@lifeosai/harness-kit/processes`: the process table and the stopping of process trees alone,
 * for long-lived processes that need nothing else of the kit (the local-mode supervisor stays
 * small: the kit's index loads the MCP SDK and the event schemas).
 */
export {
  childrenOf,
  descendantsOf,
  groupMembers,
  isAlive,
  isLeftOver,
  isRunning,
  isStillRunning,
  liveProcesses,
  type ProcEntry,
  processesTagged,
  processFile,
  readProc,
  residentKilobytes,
} from './process-table.ts';
export {
  type StopPlan,
  type StopSignal,
  signalGroup,
  signalProcess,
  stopProcesses,
} from './stop-processes.ts';
