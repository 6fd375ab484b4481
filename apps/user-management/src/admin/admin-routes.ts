import type {
  ImpersonationLog,
  InstanceOrganization,
  InstanceUsage,
  InstanceUser,
  OutboxMail,
} from '@lifeosai/api-contract';
import { listOutboxMail } from '@lifeosai/db';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AccountAdminDeps, registerAccountAdminRoutes } from './account-admin-routes.ts';
import { impersonationLog } from './impersonation-log.ts';
import { instanceAdminOnly } from './instance-admin-only.ts';
import type { Page } from './instance-directory.ts';
import { adminUsageQuery, instanceUsage } from './instance-usage.ts';

export const adminPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(500).optional(),
});

/**
 * `/api/admin/*`: the whole instance (every account, organization and their usage, and the
 * local outbox of mailed links), for the instance admin only. Registered inside the private scope, so the caller is already known;
 * this scope then refuses everyone but the instance admin (`403 FORBIDDEN`), and the instance
 * admin's API keys too (`403 SESSION_REQUIRED`): a leaked key must not open every
 * organization's data.
 */
export function registerAdminRoutes(
  scope: FastifyInstance,
  deps: AccountAdminDeps & { allowImpersonation: boolean },
): void {
  const { db, directory } = deps;

  instanceAdminOnly(scope);

  registerAccountAdminRoutes(scope, deps);

  scope.get(
    '/api/admin/users',
    async (request): Promise<Page<InstanceUser>> => directory.users(adminPageQuery.parse(request.query)),
  );

  scope.get(
    '/api/admin/orgs',
    async (request): Promise<Page<InstanceOrganization>> =>
      directory.organizations(adminPageQuery.parse(request.query)),
  );

  scope.get(
    '/api/admin/usage',
    async (request): Promise<InstanceUsage> =>
      instanceUsage(db, directory, adminUsageQuery.parse(request.query)),
  );

  // Local mode without a mail server: the links the auth service would have mailed. They are
  // credentials (a reset link signs its holder in), so nothing but this route ever shows them.
  scope.get('/api/admin/outbox', async (_request, reply): Promise<{ items: OutboxMail[] }> => {
    reply.header('cache-control', 'no-store');
    return { items: await listOutboxMail(db) };
  });
  scope.get(
    '/api/admin/impersonations',
    async (request): Promise<ImpersonationLog> =>
      impersonationLog(db, directory, {
        ...adminPageQuery.parse(request.query),
        enabled: deps.allowImpersonation,
      }),
  );
}
