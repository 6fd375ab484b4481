/**
 * Validates an agent's `adapterConfig` for one harness.
 *
 * Why structural: a zod schema satisfies this interface as it is (`configSchema:
 * z.object({...})`), yet this package stays free of a runtime dependency on zod, and a
 * harness may use any validator with a compatible `safeParse`. The platform turns the
 * issues into a 400 that names the field (`adapterConfig.model: expected string`).
 *
 * Contract: `safeParse` is pure and synchronous, never throws for bad input (it returns
 * `success: false`), and may be called any number of times. `data` is the config with
 * defaults applied: the value the harness later receives as `RunContext.config`.
 */
export interface ConfigValidator<Config> {
  /** Checks `input`; returns the validated config or the problems found. */
  safeParse(input: unknown): ConfigValidationResult<Config>;
}

/** Outcome of `ConfigValidator.safeParse`; the same shape as zod's. */
export type ConfigValidationResult<Config> =
  | {
      /** The input is valid. */
      readonly success: true;
      /** The validated config, with defaults applied. */
      readonly data: Config;
    }
  | {
      /** The input is invalid. */
      readonly success: false;
      /** What is wrong. */
      readonly error: {
        /** One entry per problem. */
        readonly issues: ReadonlyArray<ConfigIssue>;
      };
    };

/** One problem in a config. */
export interface ConfigIssue {
  /** Where the problem is, e.g. `['mcpServers', 'github', 'url']`; empty for the whole config. */
  readonly path: ReadonlyArray<PropertyKey>;
  /** What is wrong, for a person. */
  readonly message: string;
}
