import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from './audit.ts';

describe.each(testDialects)('appendAudit on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.cleanup());

  it('stores an instance-wide entry with its data, stamped now', async () => {
    const before = Date.now();
    await appendAudit(database.db, {
      orgId: null,
      actorType: 'user',
      actorId: 'usr_admin',
      action: 'user.impersonation_started',
      targetType: 'user',
      targetId: 'usr_target',
      data: { expiresAt: '2026-12-05T03:00:00.000Z' },
    });
    const rows = await database.db.selectFrom('auditLog').selectAll().execute();
    expect(rows).toEqual([
      {
        id: expect.any(Number),
        orgId: null,
        actorType: 'user',
        actorId: 'usr_admin',
        action: 'user.impersonation_started',
        targetType: 'user',
        targetId: 'usr_target',
        data: { expiresAt: '2026-12-05T03:00:00.000Z' },
        createdAt: expect.any(String),
      },
    ]);
    expect(Date.parse(rows[0]!.createdAt)).toBeGreaterThanOrEqual(before - 1000);
  });
});
