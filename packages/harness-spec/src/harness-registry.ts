import type { Harness } from './harness.ts';

/**
 * The harnesses a platform instance can run, by id. The invoker looks up
 * `agent.adapterType` here; the API lists it for pickers and validates `adapterConfig`
 * with the harness's `configSchema`.
 */
export interface HarnessRegistry {
  /**
   * Adds a harness.
   * Contract: throws when a harness with the same id is already registered (two packages
   * claiming one id is a wiring mistake); call at startup, before any lookup.
   */
  register(harness: Harness): void;
  /** The harness with this id, or undefined. Never throws. */
  get(id: string): Harness | undefined;
  /** All registered harnesses, in registration order. */
  list(): ReadonlyArray<Harness>;
}
