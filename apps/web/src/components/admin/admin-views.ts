/** What `/api/admin/*` returns: the public contract's shapes. */
export type {
  Impersonation,
  InstanceOrganization,
  InstanceUser,
  LoggedAccount,
} from '@lifeosai/api-contract';

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
