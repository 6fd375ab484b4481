import type { ImpersonationLog, LoggedAccount } from '@lifeosai/api-contract';
import { type Database, impersonationActions } from '@lifeosai/db';
import { authDate } from '@lifeosai/identity';
import type { Kysely } from 'kysely';
import { type InstanceDirectory, type PageRequest, paged } from './instance-directory.ts';
import { decodeCursor } from './page-cursor.ts';

/**
 * Every impersonation the auth service recorded (apps/auth/src/impersonation), newest first,
 * with the accounts' current email and name.
 */
export async function impersonationLog(
  db: Kysely<Database>,
  directory: InstanceDirectory,
  page: PageRequest & { enabled: boolean },
): Promise<ImpersonationLog> {
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await db
    .selectFrom('auditLog')
    .select(['id', 'action', 'actorId', 'targetId', 'data', 'createdAt'])
    .where('action', 'in', [impersonationActions.started, impersonationActions.stopped])
    .$if(after !== undefined, (query) =>
      query.where((eb) =>
        eb.or([
          eb('createdAt', '<', String(after!.createdAt)),
          eb.and([eb('createdAt', '=', String(after!.createdAt)), eb('id', '<', Number(after!.id))]),
        ]),
      ),
    )
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const entries = rows.map((row) => ({ ...row, id: String(row.id) }));
  const names = await directory.userNames([
    ...new Set(entries.slice(0, page.limit).flatMap((row) => [row.actorId, row.targetId ?? ''])),
  ]);
  const account = (id: string): LoggedAccount => ({
    id,
    email: names.get(id)?.email ?? null,
    name: names.get(id)?.name ?? null,
  });
  const log = paged(entries, page.limit, (row) => {
    const data = row.data as { expiresAt?: unknown; endedBy?: unknown };
    return {
      id: row.id,
      event: row.action === impersonationActions.started ? ('started' as const) : ('stopped' as const),
      at: authDate(row.createdAt),
      admin: account(row.actorId),
      user: account(row.targetId ?? ''),
      expiresAt: typeof data.expiresAt === 'string' ? data.expiresAt : null,
      endedBy: typeof data.endedBy === 'string' ? data.endedBy : null,
    };
  });
  return { enabled: page.enabled, ...log };
}
