import type { InstanceOrganization, InstanceUser } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { type AuthTables, authBoolean, authDate, isInstanceAdminRole } from '@lifeosai/identity';
import type { Kysely } from 'kysely';
import { decodeCursor, encodeCursor, type PagePosition } from './page-cursor.ts';

/** A page of the directory (its items are the public contract's `InstanceUser`, `InstanceOrganization`). */
export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Every account and organization of the instance, newest first, for the instance admin only. */
export function createInstanceDirectory(platformDb: Kysely<Database>) {
  // Our CamelCasePlugin would rename better-auth's camelCase columns to snake_case. Read
  // through the platform's pool, timestamps come back as ISO text or epoch numbers (the exact
  // values a page cursor compares against). Reads only, like `identity/auth-directory.ts`.
  const authDb = platformDb.withoutPlugins() as unknown as Kysely<AuthTables<string | number>>;

  const selectUsers = () =>
    authDb
      .selectFrom('user')
      .select([
        'user.id',
        'user.email',
        'user.name',
        'user.emailVerified',
        'user.role',
        'user.banned',
        'user.createdAt',
      ])
      .select((eb) =>
        eb
          .selectFrom('member')
          .select((count) => count.fn.countAll<number>().as('count'))
          .whereRef('member.userId', '=', 'user.id')
          .as('organizations'),
      );

  return {
    async users(page: PageRequest): Promise<Page<InstanceUser>> {
      const after = page.cursor ? decodeCursor(page.cursor) : undefined;
      const rows = await selectUsers()
        .$if(after !== undefined, (query) =>
          query.where((eb) =>
            eb.or([
              eb('user.createdAt', '<', after!.createdAt),
              eb.and([eb('user.createdAt', '=', after!.createdAt), eb('user.id', '<', after!.id)]),
            ]),
          ),
        )
        .orderBy('user.createdAt', 'desc')
        .orderBy('user.id', 'desc')
        .limit(page.limit + 1)
        .execute();
      return paged(rows, page.limit, userView);
    },

    /** One account, as the users list shows it; undefined when there is none with that id. */
    async user(id: string): Promise<InstanceUser | undefined> {
      const row = await selectUsers().where('user.id', '=', id).executeTakeFirst();
      return row && userView(row);
    },

    async organizations(page: PageRequest): Promise<Page<InstanceOrganization>> {
      const after = page.cursor ? decodeCursor(page.cursor) : undefined;
      const rows = await authDb
        .selectFrom('organization')
        .select(['organization.id', 'organization.name', 'organization.slug', 'organization.createdAt'])
        .select((eb) =>
          eb
            .selectFrom('member')
            .select((count) => count.fn.countAll<number>().as('count'))
            .whereRef('member.organizationId', '=', 'organization.id')
            .as('members'),
        )
        .$if(after !== undefined, (query) =>
          query.where((eb) =>
            eb.or([
              eb('organization.createdAt', '<', after!.createdAt),
              eb.and([
                eb('organization.createdAt', '=', after!.createdAt),
                eb('organization.id', '<', after!.id),
              ]),
            ]),
          ),
        )
        .orderBy('organization.createdAt', 'desc')
        .orderBy('organization.id', 'desc')
        .limit(page.limit + 1)
        .execute();
      const ids = rows.slice(0, page.limit).map((row) => row.id);
      const activity = await activityOf(platformDb, ids);
      return paged(rows, page.limit, (row) => ({
        id: row.id,
        name: row.name,
        slug: row.slug,
        createdAt: authDate(row.createdAt),
        members: Number(row.members ?? 0),
        agents: activity.agents.get(row.id) ?? 0,
        runs: activity.runs.get(row.id) ?? 0,
        costUsd: roundUsd(activity.costUsd.get(row.id) ?? 0),
      }));
    },

    /** Email and name of the given accounts (unknown ids are left out). */
    async userNames(ids: string[]): Promise<Map<string, { email: string; name: string }>> {
      if (ids.length === 0) return new Map();
      const rows = await authDb
        .selectFrom('user')
        .select(['id', 'email', 'name'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((row) => [row.id, { email: row.email, name: row.name }]));
    },

    /** Names of the given organizations (unknown ids are left out). */
    async organizationNames(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await authDb
        .selectFrom('organization')
        .select(['id', 'name'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((row) => [row.id, row.name]));
    },
  };
}

export type InstanceDirectory = ReturnType<typeof createInstanceDirectory>;

/** Agents, runs and spend of a page of organizations: two grouped reads, whatever the page size. */
async function activityOf(db: Kysely<Database>, orgIds: string[]) {
  const agents = new Map<string, number>();
  const runs = new Map<string, number>();
  const costUsd = new Map<string, number>();
  if (orgIds.length === 0) return { agents, runs, costUsd };
  const [agentRows, runRows, spendRows] = await Promise.all([
    db
      .selectFrom('agents')
      .select((eb) => ['orgId', eb.fn.countAll<number>().as('agents')])
      .where('orgId', 'in', orgIds)
      .where('deletedAt', 'is', null)
      .groupBy('orgId')
      .execute(),
    db
      .selectFrom('runs')
      .select((eb) => ['orgId', eb.fn.countAll<number>().as('runs')])
      .where('orgId', 'in', orgIds)
      .groupBy('orgId')
      .execute(),
    // Spend is the runs' usage records, as in the usage chart and budgets.
    db
      .selectFrom('usageRecords')
      .select((eb) => ['orgId', eb.fn.sum<number>('costUsd').as('costUsd')])
      .where('orgId', 'in', orgIds)
      .groupBy('orgId')
      .execute(),
  ]);
  for (const row of agentRows) agents.set(row.orgId, Number(row.agents));
  for (const row of runRows) runs.set(row.orgId, Number(row.runs));
  for (const row of spendRows) costUsd.set(row.orgId, Number(row.costUsd ?? 0));
  return { agents, runs, costUsd };
}

/** The first `limit` rows as views, and a cursor when a row beyond them exists. */
export function paged<Row extends { id: string; createdAt: PagePosition['createdAt'] }, View>(
  rows: Row[],
  limit: number,
  view: (row: Row) => View,
): Page<View> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

/** An account row as the admin views show it. */
function userView(row: {
  id: string;
  email: string;
  name: string;
  emailVerified: unknown;
  role: string | null;
  banned: unknown;
  createdAt: string | number;
  organizations: number | null;
}): InstanceUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: authBoolean(row.emailVerified),
    isInstanceAdmin: isInstanceAdminRole(row.role),
    createdAt: authDate(row.createdAt),
    organizations: Number(row.organizations ?? 0),
    disabled: authBoolean(row.banned),
  };
}

/** Sums of float costs drift (0.1 + 0.2); a micro-dollar is finer than any price. */
function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
