import type { ProviderId } from './credentials.ts';
import type { ModelInfo } from './model-info.ts';

/**
 * What a harness tells pickers, the agent editor and `doctor` about itself without running
 * anything. The platform serves it as it is (`GET /api/agent/harnesses`) and keeps no list of
 * its own: a new harness is its package and one registration line, never a change to the web
 * app or the scripts.
 *
 * Modelled on adapters that own their UI description (Paperclip's `build-config.ts`): the
 * harness knows its config best, so it describes it.
 */
export interface HarnessMetadata {
  /** One sentence for people: what runs the agent (`Claude Code through the Claude Agent SDK`). */
  readonly description: string;
  /**
   * The providers the harness can talk to, its default first. Each is an id of the platform's
   * provider list (`@lifeosai/config`'s `providerIds`); the platform proxies no other.
   */
  readonly providers: ReadonlyArray<ProviderId>;
  /**
   * The models it knows without asking anyone, each with its provider; per provider the one
   * marked `isDefault` runs when the config names none. `listModels` may return more.
   */
  readonly models: ReadonlyArray<ModelInfo>;
  /** The settings of the agent's `adapterConfig` an editor may offer, in display order. */
  readonly configFields: ReadonlyArray<HarnessConfigField>;
}

/**
 * One key of a harness's `adapterConfig`, described for an editor. The config schema still
 * decides what is valid; this only says how to ask for it.
 */
export interface HarnessConfigField {
  /** The `adapterConfig` key (`model`, `maxTurns`). */
  readonly key: string;
  /** Label for people (`Model`). */
  readonly label: string;
  /**
   * How to ask for it: `provider` picks one of `providers`; `model` one of the provider's
   * models (free text allowed); `text`, `url`, `integer`, `choice` (one of `choices`) and
   * `text-list` (one entry a line) are plain inputs.
   */
  readonly kind: 'provider' | 'model' | 'text' | 'url' | 'integer' | 'choice' | 'text-list';
  /** A short hint shown under the input. */
  readonly help?: string;
  /** The allowed values of a `choice`. */
  readonly choices?: ReadonlyArray<string>;
  /** Smallest value of an `integer`. */
  readonly min?: number;
  /** Largest value of an `integer`. */
  readonly max?: number;
  /** What the harness uses when the key is absent (shown as the placeholder). */
  readonly default?: string | number;
  /** True when the config is invalid without it (the ACP harness's `agent`). */
  readonly required?: boolean;
}
