/**
 * The platform's password rule, stated once: the auth service enforces it on sign-up, reset,
 * change and admin-set passwords, and every password form shows `passwordRule`. The list of
 * common passwords it checks against lives with the auth service (it is data, not contract).
 */
export const passwordPolicy = {
  /** Fewest characters a password may have (NIST SP 800-63B asks for at least 8; we ask 12). */
  minLength: 12,
  /** Most characters (better-auth's own limit: hashing cost stays bounded). */
  maxLength: 128,
} as const;

/** The rule in words, under every password field. */
export const passwordRule =
  `At least ${passwordPolicy.minLength} characters, and not a common password or one built on it ` +
  '(like "password1234"). A few unrelated words make a good one.';
