import type { Harness } from '@lifeosai/harness-spec';

/** How to run the conformance suite against one harness. */
export interface ConformanceOptions<Config> {
  /** The harness under test, on its real SDK. */
  harness: Harness<Config>;
  /** Shown in test names, e.g. `pi (openai)`. Defaults to the harness id. */
  label?: string;
  /** Which fake API the harness talks to: its credentials name this provider. */
  provider: 'anthropic' | 'openai';
  /** A valid adapterConfig for runs against the fake (a model the price table knows). */
  config: Config;
  /** The same config with the harness's own retries off, for the fault checks. */
  configWithoutRetries: Config;
}
