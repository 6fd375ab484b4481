export { type AgentApiDeps, buildApp } from './app.ts';
export { type ChannelRuntimeService, createChannelRuntime } from './channels/create-channel-runtime.ts';
export { channelDrivers } from './channels/drivers.ts';
export { claimRuns } from './domain/runs/index.ts';
export { createInProcessEventBus } from './events/in-process-event-bus.ts';
export { createPostgresEventBus } from './events/postgres-event-bus.ts';
export { runReadersFor } from './events/run-readers.ts';
export { builtInHarnesses } from './harnesses.ts';
export { createIdentityVerifier, type Identity, type IdentityVerifier } from './http/identity.ts';
export { createTestTokenIssuer, type TestTokenIssuer } from './http/test-identity.ts';
export { createLlmProxy, type LlmProxy } from './llm-proxy/llm-proxy.ts';
export { type LlmProxyWiring, wireLlmProxy } from './llm-proxy/wire-llm-proxy.ts';
export { createOrchestrator, type Orchestrator } from './orchestration/orchestrator.ts';
export { runHooks } from './orchestration/run-hooks.ts';
export {
  createRunSandboxes,
  type PlatformEndpoint,
  type RunSandboxes,
  type ServedPlatform,
  servedPlatform,
} from './orchestration/run-sandboxes.ts';
export { agentDirectories } from './recovery/agent-directories.ts';
export { collectKnownSecrets, type KnownSecrets } from './recovery/known-secrets.ts';
export { testRunSandboxes } from './testing/test-sandboxes.ts';
