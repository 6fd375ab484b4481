import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Local mode without a mail server: the verification, reset and invitation mail the auth
 * service would have sent, kept (newest few only) for the instance admin (`/api/admin/outbox`).
 */
export async function up(db: Kysely<unknown>, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('recipient', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('link', 'text', (column) => column.notNull())
    .addColumn('sent_at', types.timestamp, (column) => column.notNull())
    .execute();
}
