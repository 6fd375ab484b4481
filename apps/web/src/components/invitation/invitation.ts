import { ApiError } from '../../lib/api.ts';

/** What the invited person is shown before accepting (better-auth's `get-invitation`). */
export interface InvitationDetails {
  organizationId: string;
  organizationName: string;
  role: string;
  /** The address it was sent to: the signed-in account's. */
  email: string;
  /** Who sent it, when the auth service says. */
  inviterEmail: string | null;
  /** ISO 8601. */
  expiresAt: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** The fields the page shows, from the auth service's answer; `null` when it is not one. */
export function parseInvitation(value: unknown): InvitationDetails | null {
  if (!value || typeof value !== 'object') return null;
  const answer = value as Record<string, unknown>;
  const organizationId = text(answer.organizationId);
  const organizationName = text(answer.organizationName);
  const email = text(answer.email);
  if (!organizationId || !organizationName || !email) return null;
  return {
    organizationId,
    organizationName,
    email,
    role: text(answer.role) ?? 'member',
    inviterEmail: text(answer.inviterEmail),
    expiresAt: text(answer.expiresAt),
  };
}

/** Why an invitation cannot be shown or taken by the signed-in account. */
export type Unavailable = 'not-yours' | 'unverified';

/**
 * Errors that mean "not this account's to accept": sent to another address, unknown,
 * cancelled, used or expired (the gateway answers 404 for both of the first two, better-auth
 * 400/403). `null` for anything else (a network or server failure worth retrying).
 */
export function unavailableReason(error: unknown): Unavailable | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code.startsWith('EMAIL_VERIFICATION_REQUIRED')) return 'unverified';
  return error.status === 400 || error.status === 403 || error.status === 404 ? 'not-yours' : null;
}

/** "a member", "an admin", "an owner". */
export function roleWithArticle(role: string): string {
  return `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}`;
}
