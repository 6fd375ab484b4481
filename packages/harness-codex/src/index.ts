export { CodexEventMapper, type CodexRunSummary } from './host/event-mapper.ts';
export { type CodexHarnessSeams, codexHarness, createCodexHarness } from './host/harness.ts';
export { codexMetadata } from './host/metadata.ts';
export { type CodexConfig, codexConfigSchema } from './shared/config.ts';
