import type { HarnessMetadata, ModelInfo } from '@lifeosai/harness-spec';
import { codexConfigSchema, reasoningEfforts } from '../shared/config.ts';

/**
 * The models offered without asking anyone: the ones in the platform's price table
 * (`@lifeosai/events`), so a run on them has a cost although Codex reports none. Any other
 * Responses API model id may be typed in; its runs are priced only if the table knows it.
 */
export const codexModels: ReadonlyArray<ModelInfo> = [
  { id: 'gpt-5', displayName: 'GPT-5', provider: 'openai', isDefault: true },
  { id: 'gpt-5-mini', displayName: 'GPT-5 mini', provider: 'openai' },
];

/** The model a run uses when the config names none. */
export const defaultCodexModel = codexModels.find((model) => model.isDefault)!.id;

/** What pickers, the agent editor and `doctor` know about Codex (see `HarnessMetadata`). */
export const codexMetadata: HarnessMetadata = {
  description:
    'OpenAI’s Codex coding agent (the codex CLI through its TypeScript SDK), inside the run sandbox.',
  providers: ['openai'],
  models: codexModels,
  configFields: [
    { key: 'model', label: 'Model', kind: 'model', default: defaultCodexModel },
    {
      key: 'reasoningEffort',
      label: 'Reasoning effort',
      kind: 'choice',
      choices: reasoningEfforts,
      help: 'Empty for the model’s own default.',
    },
    {
      key: 'maxRetries',
      label: 'Retries of a failed model call',
      kind: 'integer',
      min: 0,
      max: 10,
      default: codexConfigSchema.shape.maxRetries.parse(undefined),
    },
  ],
};
