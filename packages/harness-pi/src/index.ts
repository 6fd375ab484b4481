export { type PiConfig, piConfigSchema } from './config.ts';
export { createPiHarness, type PiHarnessSeams, piHarness } from './harness.ts';
export { normalizePiEvents } from './normalize-recording.ts';
export { PiEventNormalizer, type PiNormalizerOptions, type PiRunSummary } from './normalizer.ts';
export type { PiEvent } from './pi-events.ts';
