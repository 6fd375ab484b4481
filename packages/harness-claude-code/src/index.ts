export { type ClaudeCodeConfig, claudeCodeConfigSchema } from './config.ts';
export { type ClaudeCodeHarnessOptions, claudeCodeHarness, createClaudeCodeHarness } from './harness.ts';
