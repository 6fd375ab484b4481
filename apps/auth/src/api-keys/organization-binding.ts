import type { BetterAuthPlugin } from '@better-auth/core';
import { createAuthMiddleware } from '@better-auth/core/api';
import { APIError } from '@better-auth/core/error';
import { errorCodes } from '@lifeosai/errors';
import { getSessionFromCtx } from 'better-auth/api';

/**
 * API keys belong to a user (better-auth's `referenceId`) and act in one organization,
 * recorded as `metadata.organizationId` when the key is created: the organization the
 * caller names, or else the session's active one. The caller must be a member of it; the
 * identity lookup checks the membership again at every use, so a member who leaves an
 * organization loses what their keys could do there.
 */
export function apiKeyOrganizationBinding() {
  return {
    id: 'lifeosai-api-key-organization',
    hooks: {
      before: [
        {
          matcher: (context) => context.path === '/api-key/create',
          handler: createAuthMiddleware(async (context) => {
            const body = (context.body ?? {}) as { userId?: string; metadata?: Record<string, unknown> };
            const session = await getSessionFromCtx(context);
            const userId = session?.user.id ?? body.userId;
            if (!userId) return;
            const metadata = typeof body.metadata === 'object' && body.metadata !== null ? body.metadata : {};
            const requested =
              typeof metadata.organizationId === 'string'
                ? metadata.organizationId
                : (session?.session as { activeOrganizationId?: string | null } | undefined)
                    ?.activeOrganizationId;
            if (!requested) return;
            const membership = await context.context.adapter.findOne({
              model: 'member',
              where: [
                { field: 'userId', value: userId },
                { field: 'organizationId', value: requested },
              ],
            });
            if (!membership) {
              throw APIError.from('FORBIDDEN', {
                code: errorCodes.NOT_A_MEMBER_OF_ORGANIZATION.code,
                message: 'An API key can only act in an organization you are a member of.',
              });
            }
            return { context: { body: { ...body, metadata: { ...metadata, organizationId: requested } } } };
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
