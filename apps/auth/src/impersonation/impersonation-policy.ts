import type { BetterAuthPlugin } from '@better-auth/core';
import { createAuthMiddleware } from '@better-auth/core/api';
import { APIError } from '@better-auth/core/error';
import { errorCodes } from '@lifeosai/errors';

/** The operator's switch for impersonation (config `allowImpersonation`). */
export const IMPERSONATION_SETTING = 'LIFEOSAI_ALLOW_IMPERSONATION';

/** One start or end of an impersonation, for the audit log. */
export interface ImpersonationEvent {
  /** `started`: the admin now acts as the user; `stopped`: that session ended. */
  kind: 'started' | 'stopped';
  /** The instance admin who impersonates. */
  adminId: string;
  /** The user impersonated. */
  userId: string;
  /** When the impersonation session lapses by itself. */
  expiresAt?: string;
  /** The auth route that ended it (`/admin/stop-impersonating`, `/sign-out`, …), when one did. */
  endedBy?: string;
}

export interface ImpersonationPolicyOptions {
  /** Whether the operator turned impersonation on. */
  allowed: boolean;
  /**
   * Contract: writes the event durably (the audit log) before it resolves. A rejection when
   * starting stops the impersonation session from being created: no use goes unrecorded.
   */
  record(event: ImpersonationEvent): Promise<void>;
}

const disabledMessage =
  `Impersonation is turned off on this installation. The operator can turn it on by setting ${IMPERSONATION_SETTING}=true ` +
  '(or "allowImpersonation": true in config.json) and restarting; every use is then recorded in the audit log.';

/**
 * better-auth's admin plugin lets the instance admin sign in as anyone. This plugin keeps that
 * off unless the operator allowed it — `POST /api/auth/admin/impersonate-user` answers 403
 * `IMPERSONATION_DISABLED`, and no impersonation session can be created by any route — and,
 * when allowed, records every impersonation session as it is created and as it ends.
 */
export function impersonationPolicy(options: ImpersonationPolicyOptions) {
  return {
    id: 'lifeosai-impersonation-policy',
    hooks: {
      before: [
        {
          matcher: (context) => !options.allowed && context.path === '/admin/impersonate-user',
          handler: createAuthMiddleware(async () => {
            const error = { code: errorCodes.IMPERSONATION_DISABLED.code, message: disabledMessage };
            throw new APIError('FORBIDDEN', { ...error, error });
          }),
        },
      ],
    },
    init() {
      return {
        options: {
          databaseHooks: {
            session: {
              create: {
                async before(session) {
                  const adminId = impersonator(session);
                  if (!adminId) return;
                  if (!options.allowed) return false;
                  await options.record({
                    kind: 'started',
                    adminId,
                    userId: session.userId,
                    expiresAt: new Date(session.expiresAt).toISOString(),
                  });
                },
              },
              delete: {
                async after(session, context) {
                  const adminId = impersonator(session);
                  if (!adminId || !options.allowed) return;
                  await options.record({
                    kind: 'stopped',
                    adminId,
                    userId: session.userId,
                    ...(context?.path && { endedBy: context.path }),
                  });
                },
              },
            },
          },
        },
      };
    },
  } satisfies BetterAuthPlugin;
}

/** The admin behind an impersonation session (the admin plugin's `impersonatedBy`), if it is one. */
function impersonator(session: object): string | undefined {
  const value = (session as { impersonatedBy?: unknown }).impersonatedBy;
  return typeof value === 'string' && value ? value : undefined;
}
