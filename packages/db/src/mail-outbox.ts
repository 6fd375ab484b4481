import type { Kysely } from 'kysely';
import { newId, nowIso } from './ids.ts';
import type { Database } from './schema.ts';

/** How many messages the outbox keeps by default: the newest; older ones are deleted as new ones arrive. */
export const OUTBOX_SIZE = 100;

/** A message as the outbox keeps it and `GET /api/admin/outbox` shows it. */
export interface OutboxMail {
  id: string;
  /** `email-verification`, `password-reset` or `organization-invitation`. */
  kind: string;
  /** The recipient's address. */
  to: string;
  subject: string;
  /** The action link (a credential until used or expired). */
  url: string;
  /** ISO time it was recorded. */
  sentAt: string;
}

/**
 * Records a message and deletes all but the newest `keep`, so the table stays small however
 * much mail an install sends (or a visitor asks for).
 */
export async function recordOutboxMail(
  db: Kysely<Database>,
  mail: Pick<OutboxMail, 'kind' | 'to' | 'subject' | 'url'>,
  keep = OUTBOX_SIZE,
): Promise<void> {
  await db
    .insertInto('mailOutbox')
    .values({
      id: newId('mail'),
      kind: mail.kind,
      recipient: mail.to,
      subject: mail.subject,
      link: mail.url,
      sentAt: nowIso(),
    })
    .execute();
  const oldestKept = await db
    .selectFrom('mailOutbox')
    .select('id')
    .orderBy('id', 'desc')
    .offset(keep - 1)
    .limit(1)
    .executeTakeFirst();
  if (oldestKept) await db.deleteFrom('mailOutbox').where('id', '<', oldestKept.id).execute();
}

/** The kept messages, newest first. */
export async function listOutboxMail(db: Kysely<Database>): Promise<OutboxMail[]> {
  const rows = await db.selectFrom('mailOutbox').selectAll().orderBy('id', 'desc').execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    to: row.recipient,
    subject: row.subject,
    url: row.link,
    sentAt: row.sentAt,
  }));
}
