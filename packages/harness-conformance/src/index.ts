export {
  describeHarnessConformance,
  echoTool,
  lastResult,
  scriptToolCall,
} from './describe-harness-conformance.ts';
export {
  assistantText,
  leftOverProcesses,
  streamedText,
  toolResults,
  type WatchedRun,
  watchRun,
  whenAnswering,
} from './run-watcher.ts';
export type { ConformanceOptions, ConformanceProvider } from './suite-options.ts';
export { makeAgentDirectories, makeRunContext, uniqueTestAgentId } from './test-context.ts';
export { openTestSandbox } from './test-sandbox.ts';
