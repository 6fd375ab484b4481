export { type AcpConfig, acpConfigSchema } from './config.ts';
export { acpHarness, createAcpHarness } from './harness.ts';
export { acpPresets } from './presets/index.ts';
export type { AcpPreset } from './presets/preset.ts';
