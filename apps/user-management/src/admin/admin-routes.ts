import type {
  ImpersonationLog,
  InstanceOrganization,
  InstanceUsage,
  InstanceUser,
  OutboxMail,
} from '@lifeosai/api-contract';
import { listOutboxMail } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { forbidden } from '../http/errors.ts';
import { type AccountAdminDeps, registerAccountAdminRoutes } from './account-admin-routes.ts';
import { impersonationLog } from './impersonation-log.ts';
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

  scope.addHook('onRequest', async (request) => {
    if (!request.caller.isInstanceAdmin) {
      throw forbidden(
        'Only the instance admin (the first account of this installation) can use /api/admin; ' +
          'organization owners manage their own organization under /api/orgs.',
      );
    }
    if (request.caller.via !== 'session') {
      throw new PlatformError(
        'SESSION_REQUIRED',
        'The instance admin API needs a signed-in session (cookie); API keys cannot use it.',
      );
    }
  });

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
