import { describeHarnessConformance } from '@lifeosai/harness-conformance';
import { acpConfigSchema } from './config.ts';
import { acpHarness } from './harness.ts';

// One file per preset, so the presets' suites run in parallel.
describeHarnessConformance({
  harness: acpHarness,
  label: 'acp (gemini)',
  provider: 'google',
  config: acpConfigSchema.parse({ agent: 'gemini', model: 'gemini-2.5-flash' }),
  configWithoutRetries: acpConfigSchema.parse({ agent: 'gemini', model: 'gemini-2.5-flash', maxRetries: 0 }),
  shellTool: { name: 'run_shell_command', input: (command) => ({ command }) },
});
