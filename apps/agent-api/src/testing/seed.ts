import { type Database, newId, nowIso, type Run, toJson } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** Inserts an agent and a session straight into the tables, for tests of the layers below HTTP. */
export async function seedAgent(
  db: Kysely<Database>,
  options: { orgId?: string; maxConcurrentRuns?: number; adapterType?: string } = {},
): Promise<{ agentId: string; sessionId: string; orgId: string }> {
  const now = nowIso();
  const orgId = options.orgId ?? 'org_test';
  const agentId = newId('agt');
  const sessionId = newId('ses');
  await db
    .insertInto('agents')
    .values({
      id: agentId,
      orgId,
      createdBy: 'usr_test',
      name: 'test agent',
      adapterType: options.adapterType ?? 'pi',
      adapterConfig: toJson({}),
      maxConcurrentRuns: options.maxConcurrentRuns ?? 1,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  await db
    .insertInto('sessions')
    .values({ id: sessionId, orgId, agentId, harness: 'pi', createdAt: now, updatedAt: now })
    .execute();
  return { agentId, sessionId, orgId };
}

/** Inserts queued runs for an agent. */
export async function seedRuns(
  db: Kysely<Database>,
  seeded: { agentId: string; sessionId: string; orgId: string },
  count: number,
  overrides: Partial<Pick<Run, 'status' | 'leaseOwner' | 'leaseExpiresAt' | 'attempt' | 'maxAttempts'>> = {},
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId('run'));
  const now = nowIso();
  for (let start = 0; start < ids.length; start += 100) {
    await db
      .insertInto('runs')
      .values(
        ids.slice(start, start + 100).map((id) => ({
          id,
          orgId: seeded.orgId,
          agentId: seeded.agentId,
          sessionId: seeded.sessionId,
          status: 'queued' as const,
          prompt: 'p',
          timeoutSec: 60,
          createdAt: now,
          ...overrides,
        })),
      )
      .execute();
  }
  return ids;
}
