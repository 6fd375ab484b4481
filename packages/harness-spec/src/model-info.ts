import type { ProviderId } from './credentials.ts';

/** A model a harness can run, for pickers and config validation. */
export interface ModelInfo {
  /** The id to put in the agent's config (`claude-sonnet-4-5`, `gpt-5-mini`). */
  readonly id: string;
  /** Name for people (`Claude Sonnet 4.5`). */
  readonly displayName: string;
  /** Provider serving the model. */
  readonly provider: ProviderId;
  /** Context window in tokens, when known. */
  readonly contextWindow?: number;
  /** True for the model the harness uses when the config names none; at most one per list. */
  readonly isDefault?: boolean;
}
