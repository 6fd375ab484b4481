import type { Harness } from '@lifeosai/harness-spec';

/** How to run the conformance suite against one harness. */
export interface ConformanceOptions<Config> {
  /** The harness under test, on its real SDK. */
  harness: Harness<Config>;
  /** Shown in test names, e.g. `pi (openai)`. Defaults to the harness id. */
  label?: string;
  /** Which fake API the harness talks to: its credentials name this provider. */
  provider: ConformanceProvider;
  /** A valid adapterConfig for runs against the fake (a model the price table knows). */
  config: Config;
  /** The same config with the harness's own retries off, for the fault checks. */
  configWithoutRetries: Config;
  /**
   * The runtime's own shell tool, which the escape checks drive through the fake LLM:
   * its name as the model sees it and its input for a command.
   */
  shellTool: { name: string; input(command: string): Record<string, unknown> };
  /**
   * The escape checks (default on). Off only for a second configuration of a runtime that
   * already ran them (another provider of the same harness): the sandbox does not change
   * with the provider.
   */
  escapeChecks?: boolean;
}

/** The providers the fake LLM speaks for (Messages; chat completions and Responses; Gemini). */
export type ConformanceProvider = 'anthropic' | 'openai' | 'google';
