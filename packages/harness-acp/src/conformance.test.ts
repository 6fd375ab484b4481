import { describeHarnessConformance } from '@lifeosai/harness-conformance';
import { acpConfigSchema } from './config.ts';
import { acpHarness } from './harness.ts';

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

describeHarnessConformance({
  harness: acpHarness,
  label: 'acp (gemini)',
  provider: 'google',
  config: acpConfigSchema.parse({ agent: 'gemini', model: 'gemini-2.5-flash' }),
  configWithoutRetries: acpConfigSchema.parse({ agent: 'gemini', model: 'gemini-2.5-flash', maxRetries: 0 }),
  shellTool: { name: 'run_shell_command', input: (command) => ({ command }) },
});
