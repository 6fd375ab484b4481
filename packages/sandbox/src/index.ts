export { createBubblewrapLauncher, proxyEnvironment } from './bubblewrap-launcher.ts';
export { EgressPolicy, isClosedAddress, parseAllowance } from './egress-policy.ts';
export { type EgressServer, type PlatformHandler, startEgressServer } from './egress-server.ts';
export { agentUser } from './ownership.ts';
export { createPlainLauncher, launchTagVariable } from './plain-launcher.ts';
export {
  decideIsolation,
  probeSandbox,
  type SandboxDecision,
  type SandboxProbe,
  sandboxDiagnostic,
} from './probe.ts';
export type { ReadOnlyFolders } from './read-only-folders.ts';
export {
  openRunSandbox,
  platformPathsForRuns,
  type RunSandbox,
  type RunSandboxRequest,
} from './run-sandbox.ts';
export { loadSandboxSettings, type SandboxLimits, type SandboxSettings } from './settings.ts';
