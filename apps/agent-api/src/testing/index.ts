// Test support for other packages' tests and the benchmarks (`@lifeosai/agent-api/testing`).

export { insertChatHistory, insertPendingSenders } from '../routes/channel-test-support.ts';
export { sseEvents } from '../routes/sse-test-client.ts';
export { inbound, seedConnection } from './channel-seed.ts';
export { type HarnessCase, harnessCase, harnessCases } from './harness-cases.ts';
export { insertPendingCallers, insertPhoneCall } from './phone-seed.ts';
export { startsAndEndings, watchLeaseOwners } from './run-checks.ts';
export { seedAgent, seedRuns } from './seed.ts';
export { type ServiceProcess, startServiceProcess } from './service-process.ts';
export { startTestPlatform, type TestPlatform } from './test-platform.ts';
