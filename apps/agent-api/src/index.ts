export { type AgentApiDeps, buildApp } from './app.ts';
export { createInProcessEventBus } from './events/in-process-event-bus.ts';
export { createPostgresEventBus } from './events/postgres-event-bus.ts';
export { createIdentityVerifier, type Identity, type IdentityVerifier } from './http/identity.ts';
export { createTestTokenIssuer, type TestTokenIssuer } from './http/test-identity.ts';
export { createOrchestrator, type Orchestrator } from './orchestration/orchestrator.ts';
export { createRunSandboxes, type RunSandboxes } from './orchestration/run-sandboxes.ts';
export { testRunSandboxes } from './testing/test-sandboxes.ts';
