/*
 * The one runtime value in this package. It is here, not in a harness or the platform,
 * because both sides must agree on it: harnesses throw it, the platform recognizes it.
 */

const marker = Symbol.for('lifeosai.harness.UnsupportedFeatureError');

/**
 * Thrown when a harness is asked for a feature it does not declare (fork on a harness
 * without `capabilities.fork`, an unknown session kind). That is a programmer mistake —
 * the platform checks capabilities first — so it is thrown synchronously, never emitted
 * as an event.
 */
export class UnsupportedFeatureError extends Error {
  /** The harness that refused. */
  readonly harnessId: string;
  /** The feature asked for: a capability name (`fork`) or a method (`sendUserMessage`). */
  readonly feature: string;

  constructor(harnessId: string, feature: string, message?: string) {
    super(message ?? `harness "${harnessId}" does not support ${feature}`);
    this.name = 'UnsupportedFeatureError';
    this.harnessId = harnessId;
    this.feature = feature;
    Object.defineProperty(this, marker, { value: true });
  }
}

/**
 * True when `error` is an `UnsupportedFeatureError`, also when it comes from another copy
 * of this package (checked by a global symbol, not `instanceof`).
 */
export function isUnsupported(error: unknown): error is UnsupportedFeatureError {
  return typeof error === 'object' && error !== null && marker in error;
}
