/** One message of `GET /api/admin/outbox` (packages/db `OutboxMail`). */
export interface OutboxMail {
  id: string;
  kind: 'email-verification' | 'password-reset' | 'organization-invitation' | string;
  /** The address it was meant for. */
  to: string;
  subject: string;
  /** The action link: a credential until used or expired. */
  url: string;
  /** ISO time it was recorded. */
  sentAt: string;
}

const labels: Record<string, string> = {
  'email-verification': 'Email verification',
  'password-reset': 'Password reset',
  'organization-invitation': 'Invitation',
};

/** What the admin page calls a kind of mail. */
export function outboxKindLabel(kind: string): string {
  return labels[kind] ?? kind;
}
