import type { HarnessMetadata } from '@lifeosai/harness-spec';
import { piConfigSchema } from '../shared/config.ts';
import { staticModels } from '../shared/model-catalog.ts';

/** The providers Pi speaks, as its config schema accepts them; the config's default first. */
export const piProviders = piConfigSchema.shape.provider.unwrap().options;

/** What pickers, the agent editor and `doctor` know about Pi (see `HarnessMetadata`). */
export const piMetadata: HarnessMetadata = {
  description: 'The Pi coding agent, in a process of its own per run; speaks to several providers.',
  providers: piProviders,
  models: piProviders.flatMap(staticModels),
  configFields: [
    { key: 'provider', label: 'Provider', kind: 'provider' },
    { key: 'model', label: 'Model', kind: 'model' },
    {
      key: 'baseUrl',
      label: 'The agent’s own base URL for its provider',
      kind: 'url',
      help: 'E.g. a local OpenAI-compatible server ending in /v1; empty for the organization’s setting.',
    },
    {
      key: 'maxRetries',
      label: 'Retries of a failed model call',
      kind: 'integer',
      min: 0,
      max: 10,
      default: 2,
    },
    {
      key: 'thinking',
      label: 'Thinking',
      kind: 'choice',
      choices: piConfigSchema.shape.thinking.unwrap().options,
      default: 'off',
    },
  ],
};
