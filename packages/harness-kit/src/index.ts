export { cancelOnEarlyExit } from './cancel-on-early-exit.ts';
export { OutputTail } from './output-tail.ts';
export {
  PermissionBroker,
  type PermissionVerdict,
  type ToolCallToJudge,
} from './permission-broker.ts';
export { permissionFor } from './permission-rule.ts';
export {
  openPlatformToolBridge,
  type PlatformToolBridge,
  type PlatformToolBridgeOptions,
  platformServerName,
} from './platform-tool-bridge.ts';
export { callPlatformTool, type PlatformToolCallContext, toolError } from './platform-tool-call.ts';
// The process table and the stopping of process trees: also `@lifeosai/harness-kit/processes` alone.
export * from './processes.ts';
export { redactEvent } from './redact-event.ts';
export { type RunEnvironmentInput, runEnvironment } from './run-environment.ts';
export { runSecrets } from './run-secrets.ts';
export {
  errorEvent,
  type FailureOptions,
  failureEvents,
  noFigures,
  type RunFailure,
  type RunFigures,
  runResult,
  terminalEvents,
} from './terminal-events.ts';
export { serveUnixSocket, type UnixSocketServer } from './unix-socket.ts';
export { UsageTally, type UsageTotals } from './usage-tally.ts';
export { RunWatchdog, type WatchdogLimits, type WatchdogTrip } from './watchdog.ts';
