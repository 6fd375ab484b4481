export { createPiHarness, type PiHarnessSeams, piHarness } from './host/harness.ts';
export { normalizePiEvents } from './host/normalize-recording.ts';
export { PiEventNormalizer, type PiNormalizerOptions, type PiRunSummary } from './host/normalizer.ts';
export { type PiConfig, piConfigSchema } from './shared/config.ts';
export type { PiEvent } from './shared/pi-events.ts';
