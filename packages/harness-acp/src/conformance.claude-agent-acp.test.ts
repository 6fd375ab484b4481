import { describeHarnessConformance } from '@lifeosai/harness-conformance';
import { acpConfigSchema } from './config.ts';
import { acpHarness } from './harness.ts';

// One file per preset, so the presets' suites run in parallel.
describeHarnessConformance({
  harness: acpHarness,
  label: 'acp (claude-agent-acp)',
  provider: 'anthropic',
  config: acpConfigSchema.parse({ agent: 'claude-agent-acp', model: 'claude-sonnet-4-6' }),
  configWithoutRetries: acpConfigSchema.parse({
    agent: 'claude-agent-acp',
    model: 'claude-sonnet-4-6',
    maxRetries: 0,
  }),
  shellTool: { name: 'Bash', input: (command) => ({ command, description: 'Run a command' }) },
});
