import { impersonationLogSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';

describe.each(testDialects)('impersonation through the gateway on %s', (dialect) => {
  let stack: TestStack | undefined;
  afterEach(() => stack?.close());

  it('is refused when the operator has not allowed it, and the log says it is off', async () => {
    stack = await startTestStack(dialect);
    const admin = await stack.signUp('Admin');
    const user = await stack.signUp('User');
    const refused = await admin.client.post('/api/auth/admin/impersonate-user', { userId: user.userId });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('IMPERSONATION_DISABLED');
    expect(refused.json.error.message).toContain('LIFEOSAI_ALLOW_IMPERSONATION=true');
    expect((await admin.client.get('/api/me')).json.userId).toBe(admin.userId);
    const log = await admin.client.get('/api/admin/impersonations');
    expect(log.json).toEqual({ enabled: false, items: [], nextCursor: null });
  }, 60_000);

  it('when allowed, lists each start and stop newest first with who impersonated whom', async () => {
    stack = await startTestStack(dialect, { allowImpersonation: true });
    const admin = await stack.signUp('Admin');
    const user = await stack.signUp('User');

    const started = await admin.client.post('/api/auth/admin/impersonate-user', { userId: user.userId });
    expect(started.status, started.text).toBe(200);
    expect((await admin.client.get('/api/me')).json.userId).toBe(user.userId);
    // While impersonating, the admin is the user: the admin pages are closed.
    expect((await admin.client.get('/api/admin/impersonations')).status).toBe(403);
    expect((await admin.client.post('/api/auth/admin/stop-impersonating')).status).toBe(200);
    expect((await admin.client.get('/api/me')).json.userId).toBe(admin.userId);

    const log = await admin.client.get('/api/admin/impersonations');
    expect(log.status, log.text).toBe(200);
    expectContract(impersonationLogSchema, log.json);
    const adminAccount = { id: admin.userId, email: admin.email, name: 'Admin' };
    const userAccount = { id: user.userId, email: user.email, name: 'User' };
    expect(log.json).toEqual({
      enabled: true,
      items: [
        {
          id: expect.any(String),
          event: 'stopped',
          at: expect.any(String),
          admin: adminAccount,
          user: userAccount,
          expiresAt: null,
          endedBy: '/admin/stop-impersonating',
        },
        {
          id: expect.any(String),
          event: 'started',
          at: expect.any(String),
          admin: adminAccount,
          user: userAccount,
          expiresAt: expect.any(String),
          endedBy: null,
        },
      ],
      nextCursor: null,
    });
    // Paged like the other admin lists.
    const first = await admin.client.get('/api/admin/impersonations?limit=1');
    expect(first.json.items.map((item: { event: string }) => item.event)).toEqual(['stopped']);
    const second = await admin.client.get(
      `/api/admin/impersonations?limit=1&cursor=${first.json.nextCursor}`,
    );
    expect(second.json.items.map((item: { event: string }) => item.event)).toEqual(['started']);
    expect(second.json.nextCursor).toBeNull();
  }, 60_000);
});
