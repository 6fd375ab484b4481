/**
 * How people can sign in on this install, as `GET /api/auth/methods` reports it. The sign-in
 * and sign-up pages render from it on the server, so a button that is not configured never
 * flashes in.
 */
export interface AuthMethods {
  /** Email and password accounts are on. */
  emailAndPassword: boolean;
  /** Email/password accounts must confirm their address before signing in. */
  requireEmailVerification: boolean;
  /** "Forgot password?" can send a reset link. */
  passwordReset: boolean;
  /** Configured OAuth providers, in the order to show them. */
  social: SocialMethod[];
  /** Local mode without a mail server: links are not mailed; the instance admin's outbox has them. */
  mailOutbox: boolean;
}

export interface SocialMethod {
  id: 'google' | 'microsoft';
  /** What the button calls it ("Google"). */
  name: string;
}

/** When the methods cannot be read: email and password only, nothing that needs the server's word. */
export const fallbackAuthMethods: AuthMethods = {
  emailAndPassword: true,
  requireEmailVerification: false,
  passwordReset: true,
  social: [],
  mailOutbox: false,
};

const socialIds = new Set<string>(['google', 'microsoft']);

/** Reads an untrusted `/api/auth/methods` body; anything malformed falls back field by field. */
export function parseAuthMethods(body: unknown): AuthMethods {
  if (!body || typeof body !== 'object') return fallbackAuthMethods;
  const value = body as Record<string, unknown>;
  const flag = (key: keyof AuthMethods, fallback: boolean) =>
    typeof value[key] === 'boolean' ? (value[key] as boolean) : fallback;
  const social = Array.isArray(value.social)
    ? value.social.flatMap((entry): SocialMethod[] => {
        const item = entry as { id?: unknown; name?: unknown } | null;
        if (!item || typeof item.id !== 'string' || !socialIds.has(item.id)) return [];
        const name = typeof item.name === 'string' && item.name ? item.name : item.id;
        return [{ id: item.id as SocialMethod['id'], name }];
      })
    : [];
  return {
    emailAndPassword: flag('emailAndPassword', true),
    requireEmailVerification: flag('requireEmailVerification', false),
    passwordReset: flag('passwordReset', true),
    social,
    mailOutbox: flag('mailOutbox', false),
  };
}
