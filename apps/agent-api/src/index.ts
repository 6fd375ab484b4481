export { type AgentApiDeps, buildApp } from './app.ts';
export { createInProcessEventBus } from './events/in-process-event-bus.ts';
export { createPostgresEventBus } from './events/postgres-event-bus.ts';
export { createIdentityVerifier, type Identity, type IdentityVerifier } from './http/identity.ts';
export { createTestTokenIssuer, type TestTokenIssuer } from './http/test-identity.ts';
export { createOrchestrator, type Orchestrator } from './orchestration/orchestrator.ts';
export { agentDirectories } from './recovery/agent-directories.ts';
export { collectKnownSecrets, type KnownSecrets } from './recovery/known-secrets.ts';
