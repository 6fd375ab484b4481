export {
  type FakeNpmPackage,
  type FakeNpmPublish,
  type FakeNpmRegistry,
  startFakeNpmRegistry,
} from './server.ts';
