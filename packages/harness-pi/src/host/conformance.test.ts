import { describeHarnessConformance } from '@lifeosai/harness-conformance';
import { piConfigSchema } from '../shared/config.ts';
import { piHarness } from './harness.ts';

describeHarnessConformance({
  harness: piHarness,
  label: 'pi (anthropic)',
  provider: 'anthropic',
  config: piConfigSchema.parse({ provider: 'anthropic', model: 'claude-sonnet-4-6' }),
  configWithoutRetries: piConfigSchema.parse({
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
    maxRetries: 0,
  }),
  shellTool: { name: 'bash', input: (command) => ({ command }) },
});

describeHarnessConformance({
  harness: piHarness,
  label: 'pi (openai)',
  provider: 'openai',
  config: piConfigSchema.parse({ provider: 'openai', model: 'gpt-4o-mini' }),
  configWithoutRetries: piConfigSchema.parse({ provider: 'openai', model: 'gpt-4o-mini', maxRetries: 0 }),
  shellTool: { name: 'bash', input: (command) => ({ command }) },
  // The same runtime in the same sandbox as above: its escape checks ran there.
  escapeChecks: false,
});
