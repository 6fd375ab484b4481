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

/** An account in the impersonation log; email and name are null once it is deleted. */
export interface LoggedAccount {
  id: string;
  email: string | null;
  name: string | null;
}

/** One start or end of an impersonation (`/api/admin/impersonations`). */
export interface AdminImpersonation {
  id: string;
  event: 'started' | 'stopped';
  at: string | null;
  admin: LoggedAccount;
  user: LoggedAccount;
  /** For `started`: when the session would lapse by itself. */
  expiresAt: string | null;
  /** For `stopped`: the auth route that ended it. */
  endedBy: string | null;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatDate(value: string | null): string {
  if (!value) return '—';
  const time = Date.parse(value);
  return Number.isNaN(time) ? '—' : dateFormat.format(time);
}

const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** A moment to the minute, in UTC (audit entries are compared across people and places). */
export function formatDateTime(value: string | null): string {
  if (!value) return '—';
  const time = Date.parse(value);
  return Number.isNaN(time) ? '—' : `${dateTimeFormat.format(time)} UTC`;
}
