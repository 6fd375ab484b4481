import { type Database, recordOutboxMail } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { Mailer } from './mailer.ts';

/**
 * Local mode without a mail server: each message goes to `inner` (the log: the terminal) and
 * into the database's outbox, which only the instance admin reads (`GET /api/admin/outbox` on
 * the gateway). No request to this service ever answers with a link.
 */
export function createOutboxMailer(inner: Mailer, platform: () => Promise<Kysely<Database>>): Mailer {
  return {
    async send(message) {
      await inner.send(message);
      await recordOutboxMail(await platform(), message);
    },
  };
}
