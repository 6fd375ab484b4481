import { type AuditLogEntry, openDatabase } from '@lifeosai/db';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

const password = 'correct horse battery staple';

/** An install with its instance admin (the first account) and one other user, both signed in. */
async function adminAndUser(auth: TestAuthService) {
  const admin = auth.client();
  await admin.signUp({ name: 'Ada', email: 'ada@example.com', password });
  const user = auth.client();
  await user.signUp({ name: 'Linus', email: 'linus@example.com', password });
  return { admin, user, adminId: (await admin.session()).user.id, userId: (await user.session()).user.id };
}

describe.each(testDialects)('impersonation on %s', (dialect) => {
  let auth: TestAuthService | undefined;
  afterEach(() => auth?.stop());

  it('is off by default: 403 in the error shape, saying how to turn it on, and no session', async () => {
    auth = await startTestAuthService(dialect);
    const { admin, adminId, userId } = await adminAndUser(auth);
    const refused = await admin.post('/api/auth/admin/impersonate-user', { userId });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toEqual({
      code: 'IMPERSONATION_DISABLED',
      message: expect.stringContaining('LIFEOSAI_ALLOW_IMPERSONATION=true'),
    });
    expect((await admin.session()).user.id).toBe(adminId);
    // Nothing else can open an impersonation session either.
    await expect(
      auth.service.auth.api.impersonateUser({ body: { userId }, headers: { cookie: admin.jar.header()! } }),
    ).rejects.toMatchObject({ status: 'FORBIDDEN' });
  });

  it('when on, records every start and stop in the audit log', async () => {
    auth = await startTestAuthService(dialect, { allowImpersonation: true });
    const { admin, adminId, userId } = await adminAndUser(auth);

    const started = await admin.post('/api/auth/admin/impersonate-user', { userId });
    expect(started.status).toBe(200);
    expect((await admin.session()).user.id).toBe(userId);
    const stopped = await admin.post('/api/auth/admin/stop-impersonating');
    expect(stopped.status).toBe(200);
    expect((await admin.session()).user.id).toBe(adminId);

    const entries = await auditEntries(auth);
    expect(entries).toEqual([
      expect.objectContaining({
        orgId: null,
        actorType: 'user',
        actorId: adminId,
        action: 'user.impersonation_started',
        targetType: 'user',
        targetId: userId,
        data: { userId: adminId, expiresAt: expect.any(String) },
      }),
      expect.objectContaining({
        actorId: adminId,
        action: 'user.impersonation_stopped',
        targetId: userId,
        data: { userId: adminId, endedBy: '/admin/stop-impersonating' },
      }),
    ]);
  });

  it('ends the impersonation sessions left open when it is turned off again', async () => {
    auth = await startTestAuthService(dialect, { allowImpersonation: true });
    const { admin, userId } = await adminAndUser(auth);
    await admin.post('/api/auth/admin/impersonate-user', { userId });
    const impersonating = admin.jar.header()!;
    auth = await auth.restart({ overrides: () => ({ allowImpersonation: false }) });
    expect((await auth.identity({ cookie: impersonating })).status).toBe(401);
  });
});

/** The audit log, read through the platform's own data tier, oldest first. */
async function auditEntries(auth: TestAuthService): Promise<AuditLogEntry[]> {
  const handle = await openDatabase(auth.database, { migrate: false });
  try {
    return await handle.db.selectFrom('auditLog').selectAll().orderBy('id').execute();
  } finally {
    await handle.close();
  }
}
