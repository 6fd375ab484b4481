/** One message of `GET /api/admin/outbox`: the contract's shape. */
export type { OutboxMail } from '@lifeosai/api-contract';

const labels: Record<string, string> = {
  'email-verification': 'Email verification',
  'password-reset': 'Password reset',
  'organization-invitation': 'Invitation',
};

/** What the admin page calls a kind of mail. */
export function outboxKindLabel(kind: string): string {
  return labels[kind] ?? kind;
}
