import type { HarnessMetadata } from '@lifeosai/harness-spec';
import { STATIC_MODELS } from './list-models.ts';

/** What pickers, the agent editor and `doctor` know about Claude Code (see `HarnessMetadata`). */
export const claudeCodeMetadata: HarnessMetadata = {
  description: 'Claude Code, Anthropic’s coding agent, through the Claude Agent SDK.',
  providers: ['anthropic'],
  models: STATIC_MODELS,
  configFields: [
    { key: 'model', label: 'Model', kind: 'model', help: 'A model id or an alias such as opus.' },
    {
      key: 'maxTurns',
      label: 'Most model round-trips per run',
      kind: 'integer',
      min: 1,
      help: 'Empty for no limit.',
    },
    {
      key: 'maxRetries',
      label: 'Retries of a failed model call',
      kind: 'integer',
      min: 0,
      max: 20,
      default: 2,
    },
    {
      key: 'allowedTools',
      label: 'Tools allowed without asking',
      kind: 'text-list',
      help: 'One a line, e.g. Bash(git:*).',
    },
    {
      key: 'disallowedTools',
      label: 'Tools hidden from the model',
      kind: 'text-list',
      help: 'One a line, e.g. WebSearch.',
    },
  ],
};
