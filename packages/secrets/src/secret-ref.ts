import { PlatformError } from '@lifeosai/errors';

/**
 * Where a secret's value comes from. Config stores references, never values, so a config file
 * or database row can be shown or exported without leaking anything.
 */
export type SecretRef =
  /** `env:NAME`: the process environment variable `NAME`. */
  | { source: 'env'; name: string }
  /** `secret:NAME`: a secret in the platform's encrypted store. */
  | { source: 'secret'; name: string };

export interface ResolveSecretRefOptions {
  /** The environment `env:` references read from. */
  env: Record<string, string | undefined>;
  /**
   * Contract: resolves the decrypted value of the stored secret `name`, or `undefined` when there
   * is none. It may reject (e.g. `SECRET_DECRYPT_FAILED`); the rejection reaches the caller as is.
   */
  lookupStored: (name: string) => Promise<string | undefined>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A stored secret's name: letters, digits, `_ . -`, starting with a letter, digit or `_`; up to 128. */
export const SECRET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Parses `env:NAME` or `secret:NAME`; anything else is `SECRET_REF_INVALID` (400). */
export function parseSecretRef(ref: string): SecretRef {
  const separator = ref.indexOf(':');
  const source = ref.slice(0, separator);
  const name = ref.slice(separator + 1);
  if (separator > 0 && source === 'env' && ENV_NAME.test(name)) return { source, name };
  if (separator > 0 && source === 'secret' && SECRET_NAME.test(name)) return { source, name };
  throw new PlatformError(
    'SECRET_REF_INVALID',
    // The input is not echoed: people paste the secret itself where a reference belongs.
    'A value given as a secret reference is not one; write env:NAME (an environment variable: ' +
      'letters, digits, _) or secret:NAME (a stored secret: letters, digits, _ . -, up to 128 characters).',
  );
}

/**
 * Returns the value a reference points at. A missing or empty environment variable and a missing
 * stored secret are both `SECRET_NOT_FOUND` (404), naming the reference but never a value.
 */
export async function resolveSecretRef(
  ref: string | SecretRef,
  options: ResolveSecretRefOptions,
): Promise<string> {
  const parsed = typeof ref === 'string' ? parseSecretRef(ref) : ref;
  if (parsed.source === 'env') {
    const value = options.env[parsed.name];
    // An empty variable is almost always a deployment mistake, and an empty credential never works.
    if (value === undefined || value === '') {
      throw new PlatformError(
        'SECRET_NOT_FOUND',
        `env:${parsed.name} refers to the environment variable ${parsed.name}, which is not set (or empty) ` +
          'in this process; set it and restart, or store the value as a secret and use secret:NAME.',
      );
    }
    return value;
  }
  const value = await options.lookupStored(parsed.name);
  if (value === undefined) {
    throw new PlatformError(
      'SECRET_NOT_FOUND',
      `secret:${parsed.name} refers to a stored secret that does not exist; create it or fix the reference.`,
    );
  }
  return value;
}
