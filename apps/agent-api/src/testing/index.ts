// Test support for other packages' tests and the benchmarks (`@lifeosai/agent-api/testing`).

export { insertChatHistory, insertPendingSenders } from '../routes/channel-test-support.ts';
export { sseEvents } from '../routes/sse-test-client.ts';
export { type HarnessCase, harnessCase, harnessCases } from './harness-cases.ts';
export { seedAgent, seedRuns } from './seed.ts';
export { startTestPlatform, type TestPlatform } from './test-platform.ts';
