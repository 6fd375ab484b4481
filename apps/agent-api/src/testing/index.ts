// Test support for other packages' tests and the benchmarks (`@lifeosai/agent-api/testing`).
export { sseEvents } from '../routes/sse-test-client.ts';
export { seedAgent, seedRuns } from './seed.ts';
