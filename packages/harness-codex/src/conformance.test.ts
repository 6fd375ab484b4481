import { describeHarnessConformance } from '@lifeosai/harness-conformance';
import { codexHarness } from './host/harness.ts';
import { codexConfigSchema } from './shared/config.ts';

describeHarnessConformance({
  harness: codexHarness,
  provider: 'openai',
  config: codexConfigSchema.parse({ model: 'gpt-5-mini' }),
  configWithoutRetries: codexConfigSchema.parse({ model: 'gpt-5-mini', maxRetries: 0 }),
  // Codex's shell is its `exec_command` function; the hook and the events call it `Bash`.
  shellTool: { name: 'exec_command', input: (command) => ({ cmd: command }) },
});
