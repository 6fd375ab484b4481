export { type FakeGcs, type FakeGcsAccess, type FakeGcsObject, startFakeGcs } from './server.ts';
