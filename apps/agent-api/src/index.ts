export { type AgentApiDeps, buildApp } from './app.ts';
export { createInProcessEventBus } from './events/in-process-event-bus.ts';
export { createPostgresEventBus } from './events/postgres-event-bus.ts';
export { createIdentityVerifier, type Identity, type IdentityVerifier } from './http/identity.ts';
export { createTestTokenIssuer, type TestTokenIssuer } from './http/test-identity.ts';
export { createLlmProxy, type LlmProxy } from './llm-proxy/llm-proxy.ts';
export { type LlmProxyWiring, wireLlmProxy } from './llm-proxy/wire-llm-proxy.ts';
export { createOrchestrator, type Orchestrator } from './orchestration/orchestrator.ts';
