/** What `/api/admin/*` returns (the gateway's instance directory). */

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  isInstanceAdmin: boolean;
  createdAt: string | null;
  /** How many organizations the user belongs to. */
  organizations: number;
}

export interface AdminOrganization {
  id: string;
  name: string;
  slug: string | null;
  createdAt: string | null;
  members: number;
  agents: number;
  runs: number;
  costUsd: number;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatDate(value: string | null): string {
  if (!value) return '—';
  const time = Date.parse(value);
  return Number.isNaN(time) ? '—' : dateFormat.format(time);
}
