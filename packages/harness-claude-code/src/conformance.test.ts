import { describeHarnessConformance } from '@lifeosai/harness-conformance';
import { claudeCodeConfigSchema } from './config.ts';
import { claudeCodeHarness } from './harness.ts';

describeHarnessConformance({
  harness: claudeCodeHarness,
  provider: 'anthropic',
  config: claudeCodeConfigSchema.parse({ model: 'claude-sonnet-4-6' }),
  configWithoutRetries: claudeCodeConfigSchema.parse({ model: 'claude-sonnet-4-6', maxRetries: 0 }),
  shellTool: { name: 'Bash', input: (command) => ({ command, description: 'Run a command' }) },
});
